/*
 * A 512-byte boot sector for the QEMU peer tests (issue 7, "Real peers").
 *
 * It switches the std VGA to mode 13h (320x200, 256 colours; QEMU's display,
 * its screendump and its VNC server show it doubled, as 640x400) and draws:
 *  - bottom half: a static grid of solid blocks (colours 32..95) with the
 *    BIOS font text "webmks" on top, so servers send solid fills and
 *    two-colour tiles (Tight fill, Hextile subrects, ZRLE palette/RLE);
 *  - top half: diagonal colour bands (x + y + frame) & 255 that move every
 *    frame, so the VNC server keeps sending updates with many colours per
 *    tile until the test pauses the guest with QMP `stop`.
 *
 * Built at test time by test/peers/boot/build-boot-image.ts:
 *   as --32 anim.S -o anim.o
 *   ld -m elf_i386 -Ttext 0x7c00 --oformat binary anim.o -o anim.bin
 */
    .code16
    .intel_syntax noprefix
    .text
    .global _start
_start:
    cli
    xor     ax, ax
    mov     ds, ax
    mov     ss, ax
    mov     sp, 0x7c00
    sti
    cld

    mov     ax, 0x0013              /* set video mode 13h */
    int     0x10

    mov     ax, 0xa000
    mov     es, ax

    /* Static bottom half: blocks of 32x32 pixels, colour 32 + (x/32) + 16*((y-100)/32). */
    mov     di, 320*100
    mov     dx, 0                   /* row within the bottom half */
bottom_row:
    xor     cx, cx                  /* x */
bottom_col:
    mov     ax, cx
    shr     ax, 5
    mov     bx, dx
    shr     bx, 5
    shl     bx, 4
    add     ax, bx
    add     ax, 32
    stosb
    inc     cx
    cmp     cx, 320
    jb      bottom_col
    inc     dx
    cmp     dx, 100
    jb      bottom_row

    /* Text "webmks" at text row 16, column 4, in colour 15 (white), via the BIOS. */
    mov     ah, 0x02                /* set cursor position */
    xor     bh, bh
    mov     dx, 0x1004              /* row 16, column 4 */
    int     0x10
    mov     si, offset message
print:
    lodsb
    test    al, al
    jz      animate
    mov     ah, 0x0e                /* teletype output */
    mov     bx, 0x000f              /* page 0, colour 15 */
    int     0x10
    jmp     print

animate:
    xor     bp, bp                  /* frame counter */
frame:
    xor     di, di
    xor     dx, dx                  /* y */
top_row:
    xor     cx, cx                  /* x */
top_col:
    mov     ax, cx
    add     ax, dx
    add     ax, bp
    stosb
    inc     cx
    cmp     cx, 320
    jb      top_col
    inc     dx
    cmp     dx, 100
    jb      top_row

    inc     bp
    /* Wait about 40 ms (BIOS wait, CX:DX microseconds) so TCG is not pegged. */
    mov     ah, 0x86
    xor     cx, cx
    mov     dx, 40000
    int     0x15
    jmp     frame

message:
    .asciz  "webmks"

    .org    510
    .byte   0x55, 0xaa
