/*
 * A 512-byte boot sector for the QEMU benchmark recording (bench/peers/qemu.ts).
 *
 * It programs QEMU's std VGA (Bochs DISPI registers, ports 0x1CE/0x1CF)
 * to 1024x768 at 32 bpp, banked through the 64 KiB window at A000:0000 (no
 * protected mode needed: one bank = 16 rows of 1024 pixels), paints a solid
 * background once, then every timer tick (18.2 Hz) repaints:
 *  - a 256x192 smooth colour gradient that shifts each frame (QEMU's Tight
 *    encoder sends it as JPEG when a quality level was requested);
 *  - a 64x64 solid block moving right (erase + draw: Tight fills);
 *  - a 512x96 two-colour pattern that scrolls (Tight mono palette + zlib);
 *  - a 128x128 four-colour pattern that changes each frame (Tight palette + zlib).
 *
 * Build: as --32 vbe-anim.S -o x.o && ld -m elf_i386 -Ttext 0x7c00 --oformat binary x.o -o x.bin
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
    mov     ax, 0xa000
    mov     es, ax

    mov     bx, 4                   /* ENABLE = 0 while changing the mode */
    xor     ax, ax
    call    dispi
    mov     bx, 1                   /* XRES */
    mov     ax, 1024
    call    dispi
    mov     bx, 2                   /* YRES */
    mov     ax, 768
    call    dispi
    mov     bx, 3                   /* BPP */
    mov     ax, 32
    call    dispi
    mov     bx, 4                   /* ENABLE, banked (no LFB) */
    mov     ax, 1
    call    dispi

    /* Background: the whole screen, solid. */
    mov     dword ptr [color], 0x00305070
    mov     si, offset r_screen
    call    paint_desc

frame_loop:
    mov     si, offset r_gradient
    call    paint_desc

    /* Moving block: erase the old one, draw the new one. */
    mov     dword ptr [color], 0x00305070
    mov     si, offset r_block
    call    paint_desc
    mov     ax, [frame]
    shl     ax, 3
    and     ax, 511
    add     ax, 400
    mov     [r_block], ax
    mov     dword ptr [color], 0x00ff8800
    mov     si, offset r_block
    call    paint_desc

    mov     si, offset r_stripes
    call    paint_desc
    mov     si, offset r_four
    call    paint_desc

    inc     word ptr [frame]
    hlt                             /* wait for the next timer tick */
    jmp     frame_loop

/* si -> rectangle descriptor (x, y, w, h words, mode byte): copy it to rx… and paint. */
paint_desc:
    push    es
    push    ds
    pop     es
    mov     di, offset rx
    mov     cx, 9
    rep     movsb
    pop     es
    /* fall through */

/* Paints [rx],[ry],[rw],[rh] in [mode]: 0 solid [color], 1 gradient, 2 stripes, 3 four colours. */
paint:
    mov     si, [ry]
paint_row:
    mov     ax, si
    shr     ax, 4
    cmp     ax, [bank]
    je      1f
    mov     [bank], ax
    mov     bx, 5                   /* BANK */
    call    dispi
1:
    mov     di, si
    and     di, 15
    shl     di, 12
    mov     ax, [rx]
    shl     ax, 2
    add     di, ax
    mov     cx, [rw]
    mov     bp, [rx]
paint_px:
    mov     al, [mode]
    cmp     al, 1
    je      px_gradient
    cmp     al, 2
    je      px_stripes
    cmp     al, 3
    je      px_four
    mov     eax, [color]
    jmp     px_store
px_gradient:
    /* R = x + f, G = y + 2f, B = (x + y) / 2 + f, each mod 256. */
    mov     bx, bp
    add     bx, [frame]
    xor     eax, eax
    mov     al, bl
    shl     eax, 8
    mov     bx, si
    add     bx, [frame]
    add     bx, [frame]
    mov     al, bl
    shl     eax, 8
    mov     bx, bp
    add     bx, si
    shr     bx, 1
    add     bx, [frame]
    mov     al, bl
    jmp     px_store
px_stripes:
    mov     bx, bp
    add     bx, [frame]
    xor     bx, si
    test    bx, 8
    mov     eax, 0x00f0f0f0
    jz      px_store
    mov     eax, 0x00202020
    jmp     px_store
px_four:
    mov     bx, bp
    xor     bx, si
    add     bx, [frame]
    shr     bx, 3
    and     bx, 3
    shl     bx, 2
    mov     eax, [palette + bx]
px_store:
    stosd
    inc     bp
    loop    paint_px
    inc     si
    mov     ax, [ry]
    add     ax, [rh]
    cmp     si, ax
    jb      paint_row
    ret

/* bx = DISPI index, ax = value. */
dispi:
    push    dx
    push    ax
    mov     dx, 0x1ce
    mov     ax, bx
    out     dx, ax
    pop     ax
    inc     dx
    out     dx, ax
    pop     dx
    ret

palette:
    .long   0x00c02020, 0x0020c020, 0x002020c0, 0x00e0e0e0
r_screen:   .word 0, 0, 1024, 768
            .byte 0
r_gradient: .word 48, 48, 256, 192
            .byte 1
r_block:    .word 400, 400, 64, 64
            .byte 0
r_stripes:  .word 400, 600, 512, 96
            .byte 2
r_four:     .word 64, 500, 128, 128
            .byte 3
frame:  .word 0
bank:   .word 0xffff
rx:     .word 0
ry:     .word 0
rw:     .word 0
rh:     .word 0
mode:   .byte 0
        .balign 4
color:  .long 0

    .org    510
    .byte   0x55, 0xaa
