/**
 * Counts the pixels (all four channels) where a console's framebuffer differs from the mock
 * server's screen.png. It runs in the page: test pages import it, and specs
 * hand it to `locator.evaluate`, which serializes it — so it must stay
 * self-contained (no imports, no closures).
 */
export async function diffWithServerScreen(
  el: Element,
  ticket: string,
): Promise<{diff: number; width: number; height: number}> {
  const res = await fetch(`/api/tickets/${encodeURIComponent(ticket)}/screen.png`);
  const bitmap = await createImageBitmap(await res.blob());
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const server = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const ours = (el as HTMLElementTagNameMap['webmks-console']).getImageData();
  if (ours.width !== bitmap.width || ours.height !== bitmap.height) {
    return {diff: -1, width: ours.width, height: ours.height};
  }
  let diff = 0;
  for (let i = 0; i < server.length; i += 4) {
    if (
      server[i] !== ours.data[i] ||
      server[i + 1] !== ours.data[i + 1] ||
      server[i + 2] !== ours.data[i + 2] ||
      server[i + 3] !== ours.data[i + 3]
    ) {
      diff++;
    }
  }
  return {diff, width: ours.width, height: ours.height};
}
