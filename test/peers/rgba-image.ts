/**
 * The one image shape the peer harness works with: RGBA, 8 bits a channel,
 * rows top to bottom with no padding (the layout of a canvas ImageData), so
 * a QEMU screendump, an X server dump and the element's getImageData() can be
 * compared byte for byte.
 */
export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes: R, G, B, A. */
  data: Uint8Array;
}

/** A new opaque black image. */
export function blankImage(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return {width, height, data};
}

/** The RGB of one pixel, as [r, g, b]. */
export function pixelAt(image: RgbaImage, x: number, y: number): [number, number, number] {
  const i = (y * image.width + x) * 4;
  return [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
}

/** Base64 of the RGBA bytes, to ship an image out of a browser page and back. */
export function imageFromBase64(width: number, height: number, base64: string): RgbaImage {
  const data = new Uint8Array(Buffer.from(base64, 'base64'));
  if (data.length !== width * height * 4) {
    throw new Error(
      `image of ${width}x${height} needs ${width * height * 4} bytes, got ${data.length}`,
    );
  }
  return {width, height, data};
}
