/**
 * Decoding one JPEG/PNG rectangle (TightPNG §3.3.3, Tight JPEG) into an
 * ImageBitmap, or for a JPEG into its Y, Cb, Cr planes.
 *
 * JPEGs without colour information go first to WebCodecs' ImageDecoder
 * where the browser has it: the decode runs off the main thread, takes the
 * bytes without a Blob or an <img>, and gives out the planes, which
 * yuv-to-rgb.ts turns into exactly the pixels libjpeg's RGB decode gives (the
 * canvas's own conversion of a VideoFrame does not: it skips libjpeg's
 * upsampling). With no canvas round trip left, measured with npm run bench
 * (alternated, ours alone): QEMU replay ~490 → ~340 ms, TigerVNC ~530 →
 * ~300 ms, same framebuffers. Any JPEG it refuses or gives out otherwise
 * (tagged, EXIF-rotated, or a frame format yuv-to-rgb.ts does not take)
 * takes the bitmap route below.
 *
 * For a bitmap, createImageBitmap does the decoding; what matters is how the
 * encoded bytes reach it. The obvious route, a Blob, is slow in Chromium: every `new Blob`
 * is registered with the browser process before it can be read. Measured in
 * headless Chromium 156 on the 2-core bench machine, 430 small JPEGs (the QEMU
 * recording's load):
 *
 *   route                                          430 decodes, in parallel
 *   new Blob → createImageBitmap(blob)             ~330-375 ms (Blob alone ~180)
 *   data: URL <img> → load → createImageBitmap      ~35-45 ms
 *
 * with the same pixels (checked for JPEG, and for a PNG with a gAMA chunk).
 * The difference is a fixed cost per image, so only small images (up to
 * DATA_URL_MAX_PIXELS, most rectangles of a busy screen) avoid the Blob.
 * So the bytes reach createImageBitmap through an <img> with a data: URL
 * (base64 by the native Uint8Array.prototype.toBase64; without it, Blobs), once
 * the <img> has loaded. Not after img.decode(): that decodes on a worker
 * thread into the compositor's image cache, which createImageBitmap does not
 * use, so every image was decoded twice (the trace showed ~130 ms of worker
 * "Decode Image" for the QEMU recording's 432 JPEGs next to the main thread's
 * own ~64 ms); waiting for `load` instead took the QEMU replay from ~550 to
 * ~430 ms and TigerVNC's from ~730 to ~480 ms, same pixels (before JPEGs
 * took the planes route). Framebuffer pixels are device values, so a gAMA or ICC chunk must not change them (lossless PNG must read back exactly):
 * for such an image createImageBitmap gets colorSpaceConversion 'none' (it
 * then decodes again, without colour management); an untagged image needs no
 * conversion and takes the default, which reuses the decode. Measured on the
 * QEMU recording (npm run bench, noVNC time ÷ ours): Blob 1.06×, this 1.17×;
 * drawing the <img> itself was slower (0.85×: the canvas decodes it again,
 * synchronously, at getImageData). The issue-6 CSP allows `img-src data:`.
 *
 * The Blob route stays as the fallback: where there is no Image (a worker),
 * and where the page's CSP refuses data: images, noticed the first time a
 * data: image fails but the same bytes decode from a Blob; from then on this
 * page uses Blobs only.
 */
import type {ImageMime} from '../decoders/frame-sink.js';
import type {PlaneLayout, YuvPlanes} from './yuv-to-rgb.js';

/** A decoded image: a bitmap to draw, or a JPEG's planes for yuvToRgba (yuv-to-rgb.ts). */
export type DecodedImage = ImageBitmap | YuvPlanes;

/** Whether a decoded image is a JPEG's planes rather than a bitmap. */
export function isPlanes(image: DecodedImage): image is YuvPlanes {
  return 'layout' in image;
}

const BITMAP_OPTIONS: ImageBitmapOptions = {colorSpaceConversion: 'none'};

/** Set once a data: image failed whose bytes a Blob decoded: the CSP refuses data: images. */
let dataUrlsRefused = false;

/**
 * Images larger than this (in pixels) take the Blob route. A Blob's fixed
 * cost matters less the bigger the image, and an <img> leaves its decoded
 * pixels in the page's image cache: with data: URLs for every image, the
 * 50-console dashboard measured ~1.2 MiB more process memory per console
 * (their first full-screen update). Measured with npm run bench: at 256×256
 * the mock 1080p replay (640×360 JPEGs, window PNGs) fell from ~3.5× to 2.2×
 * noVNC's speed; at 512×512 it keeps ~3×, and the dashboard 4.7 MiB per console.
 */
const DATA_URL_MAX_PIXELS = 512 * 512;

/** What decodeImage needs to know of the image besides its bytes. */
export interface DecodeHints {
  /** Its size in pixels (0: unknown, taken as small). */
  pixels: number;
  /** It carries colour information (ImageTraits.tagged, decoders/image-header.ts). */
  tagged: boolean;
}

/**
 * Starts decoding `bytes` (read synchronously: the caller's buffer may be
 * reused as soon as this returns). Rejects if the bytes are not a decodable image.
 */
export function decodeImage(
  mime: ImageMime,
  bytes: Uint8Array,
  hints: DecodeHints,
): Promise<DecodedImage> {
  if (mime === 'image/jpeg' && !hints.tagged && JPEG_PLANES) {
    // ImageDecoder reads its data later: it gets its own copy, as does the
    // fallback for a JPEG it does not give out as planes.
    const copy = bytes.slice();
    return decodeJpegPlanes(copy).then<DecodedImage, DecodedImage>(
      (planes) => planes ?? decodeBitmap(mime, copy, hints),
      () => decodeBitmap(mime, copy, hints),
    );
  }
  return decodeBitmap(mime, bytes, hints);
}

/**
 * A JPEG's Y, Cb, Cr planes (or, for greyscale and 4:4:0, its RGB pixels)
 * through WebCodecs' ImageDecoder, or undefined when it gives them out in a
 * form yuv-to-rgb.ts does not take. Compared with
 * the data: URL route, measured with npm run bench (alternated, ours alone):
 * no Blob, no <img>, the decode itself off the main thread, and no canvas
 * round trip (the planes become framebuffer pixels in one pass).
 */
async function decodeJpegPlanes(bytes: Uint8Array<ArrayBuffer>): Promise<YuvPlanes | undefined> {
  const decoder = new (globalThis as unknown as {ImageDecoder: ImageDecoderCtor}).ImageDecoder({
    data: bytes,
    type: 'image/jpeg',
  });
  try {
    const {image} = await decoder.decode();
    try {
      const format = image.format;
      if (!format || !PLANE_FORMATS.has(format)) return undefined;
      const packed = format === 'BGRX' || format === 'RGBX';
      if (!isPlainJfif(image, packed)) return undefined;
      const data = new Uint8Array(image.allocationSize());
      const layouts = (await image.copyTo(data)) as PlaneLayout[];
      const y = layouts[0];
      if (!y) return undefined;
      const u = packed ? y : layouts[1];
      const v = packed ? y : layouts[2];
      if (!u || !v) return undefined;
      return {
        format: format as YuvPlanes['format'],
        width: image.visibleRect?.width ?? image.codedWidth,
        height: image.visibleRect?.height ?? image.codedHeight,
        data,
        layout: [y, u, v],
      };
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

/** The VideoFrame formats yuv-to-rgb.ts takes (ImageDecoder's for 4:2:0, 4:2:2, 4:4:4; greyscale and 4:4:0 come out as BGRX). */
const PLANE_FORMATS: ReadonlySet<string> = new Set(['I420', 'I422', 'I444', 'BGRX', 'RGBX']);

/**
 * The frame is what yuv-to-rgb.ts assumes: full-range BT.601 planes (JFIF's
 * YCbCr; Chromium reports matrix smpte170m) or RGB pixels, not rotated or
 * flipped (an EXIF orientation, which the bitmap route applies), starting
 * at (0, 0).
 */
function isPlainJfif(frame: VideoFrame, rgb: boolean): boolean {
  const {fullRange, matrix} = frame.colorSpace;
  const oriented = frame as {rotation?: number; flip?: boolean};
  return (
    fullRange !== false &&
    (rgb || matrix === null || matrix === 'smpte170m' || matrix === 'bt470bg') &&
    !oriented.rotation &&
    !oriented.flip &&
    !frame.visibleRect?.x &&
    !frame.visibleRect?.y
  );
}

/** The <img> (data: URL) or Blob route to an ImageBitmap. */
function decodeBitmap(
  mime: ImageMime,
  bytes: Uint8Array,
  {pixels, tagged}: DecodeHints,
): Promise<ImageBitmap> {
  if (!DATA_URLS || dataUrlsRefused || pixels > DATA_URL_MAX_PIXELS) {
    // The Blob takes its own copy of the bytes.
    return createImageBitmap(new Blob([bytes.slice()], {type: mime}), BITMAP_OPTIONS);
  }
  const base64 = (bytes as Uint8Array & Base64Array).toBase64();
  const img = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = reject;
  });
  img.src = `data:${mime};base64,${base64}`;
  return loaded.then(
    () => createImageBitmap(img, tagged ? BITMAP_OPTIONS : {}),
    () => {
      // Either the bytes are bad or the CSP refused the data: URL; a Blob tells which.
      const blob = new Blob([(Uint8Array as unknown as Base64Ctor).fromBase64(base64)], {
        type: mime,
      });
      return createImageBitmap(blob, BITMAP_OPTIONS).then((bitmap) => {
        dataUrlsRefused = true;
        return bitmap;
      });
    },
  );
}

/** Whether images currently go through Blobs (the data: route was refused). */
export function imagesUseBlobs(): boolean {
  return dataUrlsRefused;
}

/** The native base64 methods (ES2026; Chromium 140+, Firefox 133+, Safari 18.2+). */
interface Base64Array {
  toBase64(): string;
}
interface Base64Ctor {
  fromBase64(base64: string): Uint8Array<ArrayBuffer>;
}

/** Without an <img> (a worker) or native base64, the Blob route is the only one worth taking. */
const DATA_URLS =
  typeof Image !== 'undefined' &&
  typeof (Uint8Array.prototype as Partial<Base64Array>).toBase64 === 'function';

/** WebCodecs' ImageDecoder, as far as it is used here (not in TypeScript's DOM lib yet). */
type ImageDecoderCtor = new (init: {data: BufferSource; type: string}) => {
  decode(): Promise<{image: VideoFrame}>;
  close(): void;
};

/**
 * ImageDecoder exists (Chromium 94+ and other browsers with WebCodecs' image
 * decoding; secure contexts only, which a wss: console page is).
 */
const JPEG_PLANES =
  typeof (globalThis as {ImageDecoder?: unknown}).ImageDecoder === 'function' &&
  typeof VideoFrame !== 'undefined';
