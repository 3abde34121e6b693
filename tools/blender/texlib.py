"""Texture synthesis for the Témoin sets: numpy only, deterministic (every generator takes a
seed), tileable where it says so. Arrays are float32 in [0, 1], shape (rows, cols, channels),
row 0 at the TOP of the picture; colours are sRGB-encoded values. Also a small PNG writer
(zlib, adaptive row filters) so the files are compact and do not depend on PIL.

Part of the shared toolkit re-exported by common.py."""
import math
import struct
import zlib

import numpy as np


# ----------------------------------------------------------------------------- PNG writer

def write_png(path, arr):
    """Writes an array (h, w) or (h, w, 1|2|3|4) of floats in [0, 1] (or uint8) as an 8-bit PNG."""
    a = arr
    if a.dtype != np.uint8:
        a = np.clip(np.round(np.asarray(a, np.float32) * 255.0), 0, 255).astype(np.uint8)
    if a.ndim == 2:
        a = a[..., None]
    h, w, c = a.shape
    ctype = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    raw = a.reshape(h, w * c).astype(np.int16)
    zero_row = np.zeros((1, w * c), np.int16)
    zero_col = np.zeros((h, c), np.int16)
    prev = np.vstack([zero_row, raw[:-1]])
    left = np.hstack([zero_col, raw[:, :-c]])
    upleft = np.hstack([zero_col, prev[:, :-c]])
    p = left + prev - upleft
    pa, pb, pc = np.abs(p - left), np.abs(p - prev), np.abs(p - upleft)
    paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, prev, upleft))
    filt = np.stack([raw, raw - left, raw - prev, raw - (left + prev) // 2, raw - paeth]) & 0xFF
    cost = np.abs(filt.astype(np.uint8).astype(np.int8).astype(np.int32)).sum(axis=2)
    best = np.argmin(cost, axis=0)
    rows = filt[best, np.arange(h)].astype(np.uint8)
    data = np.hstack([best[:, None].astype(np.uint8), rows]).tobytes()

    def chunk(tag, payload):
        return (struct.pack(">I", len(payload)) + tag + payload
                + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(data, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


# ----------------------------------------------------------------------------- noise basics

def norm(x):
    """Zero mean, unit deviation."""
    x = x - x.mean()
    s = x.std()
    return x / s if s > 0 else x


def sat(x):
    return np.clip(x, 0.0, 1.0)


def smoothstep(a, b, x):
    t = sat((x - a) / (b - a))
    return t * t * (3 - 2 * t)


def fbm(h, w=None, seed=0, beta=2.0, fmin=1.0, fmax=None, sx=1.0, sy=1.0):
    """Tileable fractal noise, zero mean and unit deviation. Power spectrum 1/f^beta between
    fmin and fmax (cycles per picture). sx > 1 stretches features along x (columns), sy along y."""
    w = w or h
    r = np.random.default_rng(seed)
    white = r.standard_normal((h, w))
    fy = np.fft.fftfreq(h)[:, None] * h * sy
    fx = np.fft.fftfreq(w)[None, :] * w * sx
    f = np.sqrt(fx * fx + fy * fy)
    amp = np.where(f >= fmin, 1.0 / np.maximum(f, 1e-6) ** (beta / 2.0), 0.0)
    if fmax:
        amp = amp * np.exp(-(f / fmax) ** 2)
    return norm(np.real(np.fft.ifft2(np.fft.fft2(white) * amp)))


def blur(x, sigma):
    """Gaussian blur with wrap-around (keeps tileability); x is (h, w) or (h, w, c)."""
    h, w = x.shape[:2]
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[None, :]
    g = np.exp(-2 * (math.pi * sigma) ** 2 * (fx * fx + fy * fy))
    if x.ndim == 2:
        return np.real(np.fft.ifft2(np.fft.fft2(x) * g))
    return np.stack([np.real(np.fft.ifft2(np.fft.fft2(x[..., i]) * g)) for i in range(x.shape[2])], -1)


def lerp(a, b, t):
    a = np.asarray(a, np.float32)
    b = np.asarray(b, np.float32)
    if np.ndim(t) == 2:
        t = t[..., None]
    return a + (b - a) * t


def rgb(hexstr):
    hexstr = hexstr.lstrip("#")
    return np.array([int(hexstr[i:i + 2], 16) / 255.0 for i in (0, 2, 4)], np.float32)


def fill(h, w, colour):
    return np.broadcast_to(np.asarray(colour, np.float32), (h, w, 3)).copy()


def stamp_lines(h, w, polylines, width=1.5, wrap=True):
    """A mask (h, w) of soft lines along polylines [(N, 2) arrays of (x, y) pixels]."""
    m = np.zeros((h, w), np.float32)
    rad = int(math.ceil(width)) + 1
    offs = [(dx, dy) for dx in range(-rad, rad + 1) for dy in range(-rad, rad + 1)]
    for pl in polylines:
        pl = np.asarray(pl, np.float64)
        seg = np.diff(pl, axis=0)
        n = np.maximum(1, (np.hypot(seg[:, 0], seg[:, 1]) * 2).astype(int))
        pts = np.concatenate([pl[i] + seg[i] * (np.arange(n[i])[:, None] / n[i]) for i in range(len(seg))] + [pl[-1:]])
        wl = np.full(len(pts), width) if np.ndim(width) == 0 else np.interp(np.linspace(0, 1, len(pts)), np.linspace(0, 1, len(width)), width)
        for dx, dy in offs:
            xi = np.floor(pts[:, 0]).astype(int) + dx
            yi = np.floor(pts[:, 1]).astype(int) + dy
            d = np.hypot(xi + 0.5 - pts[:, 0], yi + 0.5 - pts[:, 1])
            v = sat(wl * 0.5 + 0.5 - d)
            if wrap:
                xi %= w
                yi %= h
            else:
                ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
                xi, yi, v = xi[ok], yi[ok], v[ok]
            np.maximum.at(m, (yi, xi), v.astype(np.float32))
    return m


def random_walk(r, start, steps, step_len, turn, heading=None):
    heading = r.uniform(0, 2 * math.pi) if heading is None else heading
    p = np.array(start, np.float64)
    pts = [p.copy()]
    for _ in range(steps):
        heading += r.normal(0, turn)
        p = p + step_len * np.array([math.cos(heading), math.sin(heading)])
        pts.append(p.copy())
    return np.array(pts)


def cracks(h, w, seed, count=6, steps=40, step_len=4.0, turn=0.35, width=1.2, branches=2):
    """Tileable mask of thin branching cracks."""
    r = np.random.default_rng(seed)
    lines = []
    for _ in range(count):
        main = random_walk(r, (r.uniform(0, w), r.uniform(0, h)), steps, step_len, turn)
        lines.append(main)
        for _ in range(branches):
            k = r.integers(1, len(main) - 1)
            lines.append(random_walk(r, main[k], steps // 3, step_len, turn * 1.4))
    return stamp_lines(h, w, lines, width)


def height_to_normal(hgt, strength=2.0):
    """Tangent-space normal map (OpenGL / glTF convention, +Y = up in the picture) from a
    height field whose row 0 is the top of the picture."""
    dx = (np.roll(hgt, -1, axis=1) - np.roll(hgt, 1, axis=1)) * 0.5
    dy_down = (np.roll(hgt, -1, axis=0) - np.roll(hgt, 1, axis=0)) * 0.5
    nx = -dx * strength
    ny = dy_down * strength          # height rising upward in the picture tilts the normal down
    nz = np.ones_like(hgt)
    l = np.sqrt(nx * nx + ny * ny + nz * nz)
    return np.stack([nx / l * 0.5 + 0.5, ny / l * 0.5 + 0.5, nz / l * 0.5 + 0.5], -1).astype(np.float32)


def mr_map(rough, metal=None):
    """glTF metallic-roughness picture: R unused (1), G roughness, B metallic."""
    metal = np.zeros_like(rough) if metal is None else metal
    return np.stack([np.ones_like(rough), sat(rough), sat(metal)], -1).astype(np.float32)


def grain(h, w, seed, amount=1.0):
    """Fine per-pixel grain, slightly blurred (keeps PNGs compact)."""
    return blur(np.random.default_rng(seed).standard_normal((h, w)), 0.7) * amount


# ----------------------------------------------------------------------------- recipes
# Each returns dict(albedo=(h,w,3|4), normal=(h,w,3) optional, mr=(h,w,3) optional).

def plaster(n=512, seed=11, base="#e4dccb", light="#f3eee4", dark="#c9bea8", stains=1.0, crack=1.0, patches=1.0,
            mottle=1.0):
    """Sun-bleached cement render: mottled cream/beige, vertical rain stains, hairline cracks,
    a few patches where the skim coat has gone. Tileable; meant for ~2.5 m per repeat.
    stains/crack/patches/mottle scale each kind of wear (interior paint: small values)."""
    low = fbm(n, seed=seed, beta=3.0, fmin=1, fmax=8)
    mid = fbm(n, seed=seed + 1, beta=2.2, fmin=4, fmax=60)
    streak = fbm(n, seed=seed + 2, beta=2.0, fmin=2, fmax=40, sx=0.5, sy=6.0)  # tall thin streaks
    crk = cracks(n, n, seed + 3, count=4, steps=30, step_len=6, turn=0.22, width=1.0, branches=2) * crack
    patch = smoothstep(2.0, 2.3, fbm(n, seed=seed + 4, beta=2.6, fmin=2, fmax=30)) * patches
    g = grain(n, n, seed + 5)
    t = sat(0.5 + (0.22 * low + 0.12 * mid) * mottle)
    col = lerp(rgb(dark), rgb(light), t)
    col = lerp(col, col * np.array([0.86, 0.84, 0.80]), sat(0.5 + 0.6 * streak - 0.35) * 0.8 * stains)
    col = lerp(col, rgb("#aaa296"), patch * 0.7)         # grey base coat showing
    col = col * (1 - 0.45 * crk[..., None])
    col = col * (1 + 0.035 * g[..., None])
    hgt = 0.6 * mid - 3.0 * crk - 1.2 * patch
    rough = 0.88 + 0.05 * mid - 0.04 * patch
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 1.0), 1.2), mr=mr_map(rough))


def wall_paint(n=512, seed=13):
    """Interior wall paint over render: nearly even, soft mottling, faint scuffs, no cracks."""
    return plaster(n, seed, base="#efeae0", light="#f6f3ec", dark="#ddd5c6", stains=0.12, crack=0.0, patches=0.0,
                   mottle=0.45)


def concrete_blocks(n=512, seed=21, cols=4, rows=8):
    """Grey hollow concrete blocks (40 x 20 cm) in running bond with mortar joints; one tile
    covers 1.6 x 1.6 m. Tileable."""
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    bh = n / rows
    bw = n / cols
    row = np.floor(y / bh).astype(int)
    xs = (x + (row % 2) * bw / 2) % n
    colx = np.floor(xs / bw).astype(int)
    fy = (y % bh) / bh
    fx = (xs % bw) / bw
    joint_w = 0.045
    jy = np.minimum(fy, 1 - fy) * bh
    jx = np.minimum(fx, 1 - fx) * bw
    joint = 1 - smoothstep(1.5, 3.5, np.minimum(jy, jx))
    tone = r.normal(0, 1, (rows, cols + 1))[row % rows, colx % (cols + 1)]
    mid = fbm(n, seed=seed + 1, beta=2.0, fmin=6, fmax=90)
    low = fbm(n, seed=seed + 2, beta=3.0, fmin=1, fmax=6)
    pores = smoothstep(2.2, 3.0, fbm(n, seed=seed + 3, beta=0.5, fmin=60))
    g = grain(n, n, seed + 4)
    v = 0.55 + 0.03 * tone + 0.03 * mid + 0.02 * low
    col = np.stack([v * 1.0, v * 0.985, v * 0.955], -1)
    col = lerp(col, rgb("#6f6a62"), joint * 0.85)
    col = col * (1 - 0.35 * pores[..., None]) * (1 + 0.05 * g[..., None])
    col = lerp(col, rgb("#b9ab92"), sat(0.5 + 0.5 * low - 0.6) * 0.5)  # dust
    hgt = -2.5 * joint + 0.35 * mid - 1.0 * pores
    rough = 0.9 + 0.04 * mid
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 1.0), 1.3), mr=mr_map(rough))


def ground(n=512, seed=31):
    """Dusty ground: packed sand and dust with small pebbles and tracks. ~4 m per repeat."""
    r = np.random.default_rng(seed)
    low = fbm(n, seed=seed, beta=3.0, fmin=1, fmax=8)
    mid = fbm(n, seed=seed + 1, beta=2.0, fmin=8, fmax=80)
    g = grain(n, n, seed + 2)
    col = lerp(rgb("#a8916f"), rgb("#cfbb97"), sat(0.5 + 0.25 * low + 0.12 * mid))
    hgt = 0.5 * mid + 0.4 * g
    # pebbles: small round blobs
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    peb = np.zeros((n, n), np.float32)
    pcol = np.zeros((n, n, 3), np.float32)
    for i in range(170):
        cx, cy = r.uniform(0, n, 2)
        rad = r.uniform(1.3, 4.5)
        dx = (x - cx + n / 2) % n - n / 2
        dy = (y - cy + n / 2) % n - n / 2
        d = np.sqrt((dx / rad) ** 2 + (dy / (rad * r.uniform(0.6, 1.0))) ** 2)
        m = sat(1.0 - d) ** 0.5
        sel = m > peb
        peb = np.where(sel, m, peb)
        pc = rgb(["#8b8478", "#b0a48e", "#6f675c", "#c9bfae"][i % 4]) * r.uniform(0.9, 1.1)
        pcol[sel] = pc
    col = lerp(col, pcol, smoothstep(0.0, 0.3, peb) * 0.9)
    hgt = 0.5 * mid + 3.0 * peb
    col = col * (1 + 0.04 * g[..., None])
    rough = 0.93 - 0.05 * peb
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 1.3), 1.2), mr=mr_map(rough))


def asphalt(n=512, seed=41):
    """Old asphalt under a layer of sand: dark grey aggregate, dust in patches, cracks."""
    low = fbm(n, seed=seed, beta=3.0, fmin=1, fmax=6)
    mid = fbm(n, seed=seed + 1, beta=2.0, fmin=10, fmax=100)
    agg = fbm(n, seed=seed + 2, beta=0.3, fmin=80)
    crk = cracks(n, n, seed + 3, count=4, steps=50, step_len=5, turn=0.5, width=1.3, branches=3)
    g = grain(n, n, seed + 4)
    v = 0.31 + 0.02 * mid + 0.05 * smoothstep(1.0, 2.0, agg) - 0.03 * smoothstep(1.0, 2.0, -agg)
    col = np.stack([v * 1.02, v, v * 0.96], -1)
    dust = sat(0.5 + 0.2 * low + 0.1 * mid)
    col = lerp(col, rgb("#b8ab93"), dust * 0.5)
    col = lerp(col, rgb("#3c3833"), crk * 0.8)
    col = col * (1 + 0.05 * g[..., None])
    hgt = 0.4 * mid + 0.6 * np.clip(agg, 0, None) - 3 * crk
    rough = 0.9 - 0.06 * (1 - dust)
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 1.4), 1.5), mr=mr_map(rough))


def rubble(n=512, seed=51):
    """Broken concrete and plaster for debris chunks: grey concrete with patches of cream
    render, darker fracture faces and dust. ~1 m per repeat."""
    low = fbm(n, seed=seed, beta=2.6, fmin=2, fmax=20)
    mid = fbm(n, seed=seed + 1, beta=2.0, fmin=8, fmax=100)
    agg = fbm(n, seed=seed + 2, beta=0.4, fmin=60)
    g = grain(n, n, seed + 3)
    v = 0.55 + 0.06 * mid + 0.04 * agg
    col = np.stack([v, v * 0.98, v * 0.94], -1)
    render = smoothstep(0.6, 1.2, low)
    col = lerp(col, rgb("#d6c7a8"), render * 0.7)
    col = lerp(col, rgb("#6e675d"), smoothstep(0.9, 1.6, -low) * 0.6)
    col = lerp(col, rgb("#c2b08e"), sat(0.3 + 0.3 * mid) * 0.35)  # dust
    col = col * (1 + 0.06 * g[..., None])
    hgt = 0.8 * mid + 0.3 * agg + 0.6 * render
    rough = 0.92 + 0.03 * mid
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 1.5), 2.0), mr=mr_map(rough))


def wood(n=512, seed=61, base="#8a6444", dark="#5e3f28"):
    """Wood grain running along x (columns), planks 12.8 cm wide at 1 m per repeat. Tileable."""
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    planks = 8
    ph = n / planks
    pl = np.floor(y / ph).astype(int)
    warp = fbm(n, seed=seed, beta=2.6, fmin=1, fmax=12, sx=8.0, sy=1.0)
    fine = fbm(n, seed=seed + 1, beta=1.6, fmin=20, fmax=200, sx=12.0, sy=0.5)
    ring = 0.5 + 0.5 * np.sin((y + 9 * warp + r.uniform(0, 50, planks)[pl]) * 0.55)
    tone = r.normal(0, 1, planks)[pl]
    t = sat(0.55 + 0.25 * ring * 0.6 + 0.1 * fine + 0.06 * tone)
    col = lerp(rgb(dark), rgb(base) * 1.15, t)
    seam = 1 - smoothstep(0.6, 1.8, np.minimum(y % ph, ph - (y % ph)))
    col = col * (1 - 0.45 * seam[..., None])
    hgt = 0.3 * fine - 2.0 * seam + 0.2 * ring
    rough = 0.7 + 0.06 * fine
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 0.5), 0.8), mr=mr_map(rough))


def fabric(n=512, seed=71):
    """Majlis cushion cloth: deep red weave with woven bands (indigo, ochre, cream) and a
    small repeated diamond motif. Bands run along x; ~0.5 m per repeat. Tileable."""
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    weave = 0.5 + 0.5 * np.sin(x * math.pi * 0.5) * np.sin(y * math.pi * 0.5)
    warpn = fbm(n, seed=seed, beta=1.5, fmin=30, fmax=200, sx=0.2, sy=4.0)
    col = fill(n, n, rgb("#8c1f22"))
    yy = y % 128
    bands = [(10, 18, "#1f2d5a"), (20, 23, "#d9b44a"), (25, 33, "#1f2d5a"), (80, 84, "#efe3c6"),
             (86, 94, "#2f5d4a"), (96, 100, "#efe3c6")]
    for a, b, c in bands:
        col = lerp(col, rgb(c), ((yy >= a) & (yy < b)).astype(np.float32))
    # diamonds between the bands
    cx = (x % 32) - 16
    cy = (yy - 57)
    d = np.abs(cx) + np.abs(cy) * 1.1
    dia = ((d < 13) & (d > 9)) | (d < 4)
    col = lerp(col, rgb("#d9b44a"), dia.astype(np.float32) * ((yy > 40) & (yy < 74)))
    col = col * (0.82 + 0.22 * weave[..., None]) * (1 + 0.06 * warpn[..., None])
    hgt = weave + 0.2 * warpn
    rough = 0.92 + 0.03 * warpn
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 0.5), 0.6), mr=mr_map(rough))


def cloth_plain(n=256, seed=75, base="#e7e1d6"):
    """Light plain weave, meant to be tinted by the material colour (blankets, curtains)."""
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    weave = 0.5 + 0.5 * np.sin(x * math.pi * 0.5) * np.sin(y * math.pi * 0.5)
    slub = fbm(n, seed=seed, beta=1.5, fmin=10, fmax=100, sx=0.3, sy=3.0)
    low = fbm(n, seed=seed + 1, beta=3.0, fmin=1, fmax=6)
    col = fill(n, n, rgb(base)) * (0.88 + 0.12 * weave[..., None]) * (1 + 0.04 * slub[..., None] + 0.03 * low[..., None])
    return dict(albedo=sat(col), normal=height_to_normal(blur(weave + 0.3 * slub, 0.5), 0.5))


def painted_metal(n=256, seed=81, paint="#2f6fa8", chips=1.0, rust=1.0, streaks=1.0):
    """Painted steel, sun-faded, with chips showing primer/bare steel and rust streaks.
    Roughness in G, metallic (bare steel) in B. Tileable."""
    low = fbm(n, seed=seed, beta=3.0, fmin=1, fmax=6)
    mid = fbm(n, seed=seed + 1, beta=2.0, fmin=4, fmax=60)
    chipn = fbm(n, seed=seed + 2, beta=1.6, fmin=6, fmax=120)
    st = fbm(n, seed=seed + 3, beta=2.0, fmin=2, fmax=50, sx=0.15, sy=6.0)
    g = grain(n, n, seed + 4)
    base = rgb(paint)
    faded = base * 0.75 + np.array([0.85, 0.85, 0.82]) * 0.25
    col = lerp(base, faded, sat(0.5 + 0.4 * low))
    col = col * (1 + 0.05 * mid[..., None])
    chip = smoothstep(2.15, 2.35, chipn) * chips
    primer = smoothstep(1.95, 2.1, chipn) * chips
    col = lerp(col, rgb("#8b8f8f"), primer * 0.5)
    col = lerp(col, rgb("#6b4b34"), chip)
    col = lerp(col, rgb("#7b4a2a"), sat(st - 1.3) * 0.5 * rust * streaks)
    col = col * (1 + 0.03 * g[..., None])
    hgt = -1.5 * primer - 1.0 * chip + 0.15 * mid + 0.2 * g
    rough = 0.55 + 0.15 * low + 0.25 * chip
    metal = chip * 0.6
    return dict(albedo=sat(col), normal=height_to_normal(blur(hgt, 0.6), 0.7), mr=mr_map(rough, metal))


def van_paint(n=256, seed=91):
    """White van paint, u along the body, v up the side: clean white above, a dusty band and
    spatter toward the sills (the lowest 30 % of the picture)."""
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    v = 1.0 - y / n                                     # 0 at bottom row
    low = fbm(n, seed=seed, beta=2.5, fmin=2, fmax=30)
    spat = smoothstep(1.6, 2.2, fbm(n, seed=seed + 1, beta=0.8, fmin=30))
    dust = smoothstep(0.35, 0.05, v + 0.05 * low)
    col = fill(n, n, rgb("#eef0ee"))
    col = lerp(col, rgb("#b9a88a"), dust * 0.75)
    col = lerp(col, rgb("#9d8b6e"), spat * smoothstep(0.55, 0.15, v) * 0.6)
    col = col * (1 + 0.01 * low[..., None])
    rough = 0.32 + 0.45 * dust
    return dict(albedo=sat(col), mr=mr_map(rough))


def plastic_sheet(n=256, seed=101):
    """White UV-worn plastic sheeting: creases, a faint weave, dust; alpha ~0.75."""
    crease = stamp_lines(n, n, [random_walk(np.random.default_rng(seed + i), (np.random.default_rng(seed + i).uniform(0, n), 0), 30, 10, 0.15, heading=math.pi / 2 + (i % 3 - 1) * 0.4) for i in range(7)], 1.6)
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    weave = 0.5 + 0.5 * np.sign(np.sin(x * 0.8)) * np.sign(np.sin(y * 0.8))
    low = fbm(n, seed=seed, beta=3.0, fmin=1, fmax=6)
    col = fill(n, n, rgb("#eceae2")) * (1 - 0.05 * weave[..., None] - 0.12 * crease[..., None])
    col = lerp(col, rgb("#c9bfa8"), sat(0.4 + 0.3 * low) * 0.4)
    alpha = sat(0.72 + 0.05 * weave + 0.12 * crease + 0.03 * low)
    hgt = 2 * crease + 0.2 * weave
    return dict(albedo=np.concatenate([sat(col), alpha[..., None]], -1),
                normal=height_to_normal(blur(hgt, 1.0), 0.8), mr=mr_map(0.45 + 0.1 * crease))


def tiles(n=512, seed=111, count=4, base="#c9bfad", chip_cols=("#8d8273", "#efe8da", "#6b5f52")):
    """Terrazzo floor tiles (count x count per picture) with grout joints. Tileable."""
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    s = n / count
    ti = (np.floor(y / s) * count + np.floor(x / s)).astype(int)
    tone = r.normal(0, 1, count * count)[ti]
    fx = (x % s)
    fy = (y % s)
    jd = np.minimum(np.minimum(fx, s - fx), np.minimum(fy, s - fy))
    joint = 1 - smoothstep(0.8, 2.0, jd)
    col = fill(n, n, rgb(base)) * (1 + 0.025 * tone[..., None])
    for i, c in enumerate(chip_cols):
        chips = smoothstep(1.9, 2.2, fbm(n, seed=seed + 1 + i, beta=0.6, fmin=50))
        col = lerp(col, rgb(c), chips * 0.8)
    low = fbm(n, seed=seed + 9, beta=3.0, fmin=1, fmax=6)
    col = col * (1 + 0.04 * low[..., None])
    col = lerp(col, rgb("#7d7468"), joint * 0.8)
    rough = 0.5 + 0.1 * low + 0.3 * joint
    return dict(albedo=sat(col), normal=height_to_normal(blur(-2 * joint, 0.6), 1.0), mr=mr_map(rough))


def leaves(n=256, seed=121):
    """Dense foliage colour for leaf clusters: mottled dark and light green with a few dusty
    leaves. Tileable."""
    cells = fbm(n, seed=seed, beta=1.2, fmin=12, fmax=60)
    low = fbm(n, seed=seed + 1, beta=3.0, fmin=1, fmax=6)
    t = sat(0.5 + 0.3 * cells + 0.1 * low)
    col = lerp(rgb("#233d1c"), rgb("#6d8f3e"), t)
    col = lerp(col, rgb("#9c9a6a"), smoothstep(1.6, 2.2, cells) * 0.5)
    return dict(albedo=sat(col), normal=height_to_normal(blur(cells, 1.0), 1.5), mr=mr_map(0.6 + 0.1 * cells))


def bark(n=256, seed=131):
    """Grey-brown citrus bark, fissures running vertically (along y). Tileable."""
    f = fbm(n, seed=seed, beta=1.8, fmin=4, fmax=80, sx=0.25, sy=4.0)
    low = fbm(n, seed=seed + 1, beta=3.0, fmin=1, fmax=6)
    col = lerp(rgb("#3f362c"), rgb("#7a6d5c"), sat(0.5 + 0.3 * f + 0.1 * low))
    return dict(albedo=sat(col), normal=height_to_normal(blur(f, 0.7), 2.0), mr=mr_map(0.9 + 0 * f))


def swatches(cells, n=256, grid=8, seed=141, noise=0.03):
    """A props atlas: grid x grid flat colour cells (with faint noise) and a metallic-
    roughness picture with each cell's values. cells: list of (hex, roughness, metallic).
    Cell i sits at column i % grid, row i // grid from the top."""
    s = n // grid
    col = fill(n, n, rgb("#808080"))
    mr = mr_map(np.full((n, n), 0.8, np.float32))
    g = fbm(n, seed=seed, beta=1.5, fmin=8, fmax=80)
    for i, (c, ro, me) in enumerate(cells):
        cx, cy = i % grid, i // grid
        col[cy * s:(cy + 1) * s, cx * s:(cx + 1) * s] = rgb(c)
        mr[cy * s:(cy + 1) * s, cx * s:(cx + 1) * s, 1] = ro
        mr[cy * s:(cy + 1) * s, cx * s:(cx + 1) * s, 2] = me
    col = col * (1 + noise * g[..., None])
    return dict(albedo=sat(col), mr=mr)


def swatch_uv(i, grid=8):
    """UV (glTF/Blender convention, v up) of the centre of swatch cell i."""
    cx, cy = i % grid, i // grid
    return ((cx + 0.5) / grid, 1.0 - (cy + 0.5) / grid)


def flat(colour, n=16, rough=None, metal=0.0, noise=0.0, seed=151):
    col = fill(n, n, rgb(colour))
    if noise:
        col = col * (1 + noise * fbm(n, seed=seed, beta=1.0, fmin=1)[..., None])
    d = dict(albedo=sat(col))
    if rough is not None:
        d["mr"] = mr_map(np.full((n, n), rough, np.float32), np.full((n, n), metal, np.float32))
    return d


def sign_board(n=256, seed=161, paint="#e9e2cf", border="#3d6b8c"):
    """A blank, faded painted sign: pale ground, a thin coloured border, sun-fading, rust
    runs from the screws. Mapped once over the board (not tiled)."""
    y, x = np.mgrid[0:n, 0:n].astype(np.float32) / n
    low = fbm(n, seed=seed, beta=2.8, fmin=1, fmax=10)
    st = fbm(n, seed=seed + 1, beta=2.0, fmin=2, fmax=40, sx=0.2, sy=5.0)
    col = fill(n, n, rgb(paint)) * (1 + 0.05 * low[..., None])
    edge = np.minimum(np.minimum(x, 1 - x), np.minimum(y, 1 - y))
    col = lerp(col, rgb(border), ((edge > 0.035) & (edge < 0.06)).astype(np.float32) * 0.7)
    col = lerp(col, rgb("#8a5a34"), sat(st - 1.2) * 0.25 * (y > 0.1)[..., None].astype(np.float32)[..., 0])
    col = lerp(col, rgb("#b7aa90"), smoothstep(0.0, 0.04, 0.04 - edge) * 0.6)
    return dict(albedo=sat(col), mr=mr_map(0.7 + 0.05 * low))


def rug(w=1024, h=512, seed=171):
    """A woven rug (3 x 2 m): deep red field, indigo borders, geometric medallions and
    guls, cream and ochre details, fringe-worn ends. Mapped once over the rug."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    u = x / w * 3.0          # metres
    v = y / h * 2.0
    col = fill(h, w, rgb("#7e1d20"))
    ed = np.minimum(np.minimum(u, 3.0 - u), np.minimum(v, 2.0 - v))
    def band(a, b, c, alpha=1.0):
        nonlocal col
        col = lerp(col, rgb(c), ((ed >= a) & (ed < b)).astype(np.float32) * alpha)
    band(0.0, 0.03, "#e6dcc4")
    band(0.03, 0.22, "#1e2a55")
    band(0.22, 0.24, "#e0b94e")
    band(0.245, 0.26, "#e6dcc4")
    # running zigzag in the border
    zz = np.abs(((np.where(np.abs(u - 1.5) / 1.5 > np.abs(v - 1.0) / 1.0, v, u) * 10) % 1.0) - 0.5)
    zig = (np.abs(ed - 0.125 - (zz - 0.25) * 0.25) < 0.02) & (ed > 0.04) & (ed < 0.21)
    col = lerp(col, rgb("#c8453a"), zig.astype(np.float32))
    # field: rows of guls (octagons) with inner diamonds
    inner = ed > 0.3
    cu, cv = (u - 0.3) % 0.45 - 0.225, (v - 0.3) % 0.35 - 0.175
    oct_ = np.maximum(np.abs(cu) / 0.16, np.maximum(np.abs(cv) / 0.14, (np.abs(cu) + np.abs(cv)) / 0.21))
    col = lerp(col, rgb("#e6dcc4"), ((oct_ > 0.86) & (oct_ < 1.0) & inner).astype(np.float32))
    col = lerp(col, rgb("#1e2a55"), ((oct_ <= 0.86) & (oct_ > 0.55) & inner).astype(np.float32))
    dia = (np.abs(cu) + np.abs(cv)) / 0.075
    col = lerp(col, rgb("#e0b94e"), ((dia < 1.0) & (dia > 0.5) & inner).astype(np.float32))
    col = lerp(col, rgb("#c8453a"), ((dia <= 0.5) & inner).astype(np.float32))
    # small crosses between guls
    ku, kv = (u - 0.075) % 0.45 - 0.225, (v - 0.125) % 0.35 - 0.175
    cross = ((np.abs(ku) < 0.01) & (np.abs(kv) < 0.035)) | ((np.abs(kv) < 0.01) & (np.abs(ku) < 0.035))
    col = lerp(col, rgb("#e6dcc4"), (cross & inner & (oct_ > 1.25)).astype(np.float32))
    # wear, weave, abrash (colour bands from dye lots)
    weave = 0.5 + 0.5 * np.sin(x * math.pi * 0.7) * np.sin(y * math.pi * 0.7)
    ab = fbm(h, w, seed=seed, beta=2.5, fmin=1, fmax=8, sx=0.3, sy=3.0)
    wear = smoothstep(0.6, 1.8, fbm(h, w, seed=seed + 1, beta=2.6, fmin=1, fmax=10))
    col = col * (0.86 + 0.16 * weave[..., None]) * (1 + 0.05 * ab[..., None])
    col = lerp(col, rgb("#a88f74"), wear * 0.25)
    return dict(albedo=sat(col), normal=height_to_normal(weave + 0.1 * ab, 0.5), mr=mr_map(0.95 + 0 * weave))


RECIPES = dict(plaster=plaster, concrete=concrete_blocks, ground=ground, wood=wood, fabric=fabric)


def leaf_cards(n=256, seed=181):
    """Sprays of glossy citrus leaves on a transparent ground (alpha mask) for leaf cards.
    Two twigs run from the bottom corners; leaves alternate along them."""
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    col = fill(n, n, rgb("#2c4a22"))
    alpha = np.zeros((n, n), np.float32)
    twigs = []
    for start, end in (((0.08, 0.95), (0.6, 0.1)), ((0.95, 0.9), (0.35, 0.2)), ((0.5, 0.98), (0.55, 0.45))):
        sx, sy = start[0] * n, start[1] * n
        ex, ey = end[0] * n, end[1] * n
        twigs.append(np.array([[sx, sy], [ex, ey]]))
        for k in range(7):
            t = 0.12 + 0.8 * k / 7 + r.uniform(-0.03, 0.03)
            bx, by = sx + (ex - sx) * t, sy + (ey - sy) * t
            ang = math.atan2(ey - sy, ex - sx) + (0.9 if k % 2 else -0.9) + r.uniform(-0.25, 0.25)
            L = n * r.uniform(0.2, 0.28)
            W = L * r.uniform(0.2, 0.26)
            ca, sa = math.cos(ang), math.sin(ang)
            s = ((x - bx) * ca + (y - by) * sa) / L
            tt = (-(x - bx) * sa + (y - by) * ca) / W
            prof = np.where((s > 0) & (s < 1), np.sin(np.pi * np.clip(s, 0, 1)) ** 0.75, 0)
            m = (np.abs(tt) < prof).astype(np.float32)
            shade = r.uniform(0.8, 1.2)
            leafc = lerp(rgb("#2a4f1f") * shade, rgb("#6f9a44") * shade, sat(0.5 + 0.5 * tt) * 0.6 + 0.2)
            leafc = lerp(leafc, rgb("#9cba6a"), (np.abs(tt) < 0.08).astype(np.float32) * 0.6)
            sel = m > 0
            col[sel] = leafc[sel]
            alpha = np.maximum(alpha, m)
    tw = stamp_lines(n, n, twigs, 2.2, wrap=False)
    col = lerp(col, rgb("#4a3d2a"), tw * (alpha < 0.5))
    alpha = np.maximum(alpha, tw)
    return dict(albedo=np.concatenate([sat(col), alpha[..., None]], -1), mr=mr_map(np.full((n, n), 0.45, np.float32)))


def scorch(n=256, seed=191):
    """A soft dark blast mark with radial streaks on a transparent ground (alpha blend), for a
    decal over the asphalt around the crater. Not tiled; centre of the picture = centre."""
    y, x = np.mgrid[0:n, 0:n].astype(np.float32)
    u, v = (x - n / 2) / (n / 2), (y - n / 2) / (n / 2)
    rr = np.sqrt(u * u + v * v)
    ang = np.arctan2(v, u)
    r = np.random.default_rng(seed)
    streak = np.zeros_like(rr)
    for k in range(40):
        a0 = r.uniform(-math.pi, math.pi)
        wdt = r.uniform(0.02, 0.08)
        d = np.angle(np.exp(1j * (ang - a0)))
        streak = np.maximum(streak, np.exp(-(d / wdt) ** 2) * r.uniform(0.6, 1.0) * smoothstep(r.uniform(0.75, 1.0), 0.45, rr))
    base = smoothstep(0.8, 0.5, rr)
    low = fbm(n, seed=seed + 1, beta=2.5, fmin=2, fmax=20)
    alpha = sat((0.9 * base + 0.7 * streak) * (0.8 + 0.25 * low)) * smoothstep(1.0, 0.9, rr)
    col = lerp(rgb("#3b352d"), rgb("#6b6255"), sat(0.5 + 0.3 * low))
    return dict(albedo=np.concatenate([col, alpha[..., None] * 0.85], -1))


# ----------------------------------------------------------------------------- drawing

class Canvas:
    """A small rasteriser for illustrated pictures (maps, drawings, panels). Pixel coords:
    x to the right, y DOWN, origin top-left. Antialiased by 2x2 supersampling (polygons) or
    soft distance (lines, discs)."""

    def __init__(self, w, h, bg="#ffffff"):
        self.w, self.h = w, h
        self.img = fill(h, w, rgb(bg) if isinstance(bg, str) else np.asarray(bg, np.float32))

    def blend(self, mask, colour, alpha=1.0, x0=0, y0=0):
        """Blends colour (hex, rgb, or an (h, w, 3) array matching mask) where mask (0..1)."""
        h, w = mask.shape
        x1, y1 = min(self.w, x0 + w), min(self.h, y0 + h)
        xa, ya = max(0, x0), max(0, y0)
        if x1 <= xa or y1 <= ya:
            return
        m = mask[ya - y0:y1 - y0, xa - x0:x1 - x0] * alpha
        c = rgb(colour) if isinstance(colour, str) else np.asarray(colour, np.float32)
        if c.ndim == 3:
            c = c[ya - y0:y1 - y0, xa - x0:x1 - x0]
        region = self.img[ya:y1, xa:x1]
        self.img[ya:y1, xa:x1] = region + (c - region) * m[..., None]

    def poly_mask(self, pts, ss=2):
        pts = np.asarray(pts, np.float64)
        x0, y0 = int(max(0, math.floor(pts[:, 0].min()) - 1)), int(max(0, math.floor(pts[:, 1].min()) - 1))
        x1, y1 = int(min(self.w, math.ceil(pts[:, 0].max()) + 2)), int(min(self.h, math.ceil(pts[:, 1].max()) + 2))
        if x1 <= x0 or y1 <= y0:
            return np.zeros((0, 0), np.float32), 0, 0
        acc = np.zeros((y1 - y0, x1 - x0), np.float32)
        for sy in range(ss):
            for sx in range(ss):
                Y, X = np.mgrid[y0:y1, x0:x1].astype(np.float64)
                X += (sx + 0.5) / ss
                Y += (sy + 0.5) / ss
                inside = np.zeros(X.shape, bool)
                n = len(pts)
                for i in range(n):
                    xi, yi = pts[i]
                    xj, yj = pts[(i + 1) % n]
                    if yi == yj:
                        continue
                    c = ((yi > Y) != (yj > Y)) & (X < (xj - xi) * (Y - yi) / (yj - yi) + xi)
                    inside ^= c
                acc += inside
        return acc / (ss * ss), x0, y0

    def poly(self, pts, colour, alpha=1.0, texture=None):
        m, x0, y0 = self.poly_mask(pts)
        if m.size == 0:
            return
        if texture is not None:
            m = m * texture[y0:y0 + m.shape[0], x0:x0 + m.shape[1]]
        self.blend(m, colour, alpha, x0, y0)

    def rect(self, x0, y0, x1, y1, colour, alpha=1.0, texture=None):
        self.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], colour, alpha, texture)

    def disc(self, cx, cy, r, colour, alpha=1.0, ry=None, texture=None):
        ry = r if ry is None else ry
        x0, y0 = int(max(0, cx - r - 2)), int(max(0, cy - ry - 2))
        x1, y1 = int(min(self.w, cx + r + 3)), int(min(self.h, cy + ry + 3))
        if x1 <= x0 or y1 <= y0:
            return
        Y, X = np.mgrid[y0:y1, x0:x1].astype(np.float64) + 0.5
        d = np.sqrt(((X - cx) / r) ** 2 + ((Y - cy) / ry) ** 2)
        m = sat((1 - d) * min(r, ry) + 0.5).astype(np.float32)
        if texture is not None:
            m = m * texture[y0:y1, x0:x1]
        self.blend(m, colour, alpha, x0, y0)

    def line(self, pts, width, colour, alpha=1.0, texture=None):
        m = stamp_lines(self.h, self.w, [np.asarray(pts, np.float64)], width, wrap=False)
        if texture is not None:
            m = m * texture
        self.blend(m, colour, alpha)

    def lines(self, polylines, width, colour, alpha=1.0, texture=None):
        m = stamp_lines(self.h, self.w, [np.asarray(p, np.float64) for p in polylines], width, wrap=False)
        if texture is not None:
            m = m * texture
        self.blend(m, colour, alpha)

    def vgradient(self, y0, y1, c0, c1):
        t = np.clip((np.arange(self.h) - y0) / max(1, (y1 - y0)), 0, 1)[:, None, None]
        band = (np.arange(self.h) >= y0) & (np.arange(self.h) < y1)
        col = rgb(c0) + (rgb(c1) - rgb(c0)) * t
        self.img[band] = np.broadcast_to(col, (self.h, self.w, 3))[band]

    def rgb(self):
        return sat(self.img)


def wobble(pts, r, amp=1.5, step=6.0):
    """Resamples a polyline every `step` px and jitters it: a hand-drawn line."""
    pts = np.asarray(pts, np.float64)
    out = [pts[0]]
    for a, b in zip(pts[:-1], pts[1:]):
        n = max(1, int(np.hypot(*(b - a)) / step))
        for i in range(1, n + 1):
            out.append(a + (b - a) * i / n)
    out = np.array(out)
    noise = np.cumsum(r.normal(0, amp * 0.35, out.shape), axis=0)
    noise -= np.linspace(0, 1, len(out))[:, None] * noise[-1]
    noise = np.clip(noise, -amp, amp)
    out[1:-1] += noise[1:-1]
    return out


def dashed(pts, dash=14.0, gap=9.0):
    """Splits a polyline into dash segments."""
    pts = np.asarray(pts, np.float64)
    seg = []
    d = 0.0
    on = True
    cur = [pts[0]]
    for a, b in zip(pts[:-1], pts[1:]):
        L = np.hypot(*(b - a))
        t = 0.0
        while t < L:
            left = (dash if on else gap) - d
            step = min(left, L - t)
            t += step
            d += step
            p = a + (b - a) * (t / L)
            if on:
                cur.append(p)
            if d >= (dash if on else gap) - 1e-9:
                if on and len(cur) > 1:
                    seg.append(np.array(cur))
                on = not on
                d = 0.0
                cur = [p]
    if on and len(cur) > 1:
        seg.append(np.array(cur))
    return seg


def paper(w, h, seed, colour="#f3ecd9", fibres=0.04):
    """Paper ground with soft fibres and a little unevenness."""
    low = fbm(h, w, seed=seed, beta=3.0, fmin=1, fmax=6)
    fib = fbm(h, w, seed=seed + 1, beta=1.2, fmin=40, fmax=300)
    return fill(h, w, rgb(colour)) * (1 + 0.03 * low[..., None] + fibres * 0.5 * fib[..., None])


def crayon_texture(h, w, seed, angle=0.6, density=0.8):
    """Waxy crayon coverage: strokes along `angle` with paper-grain gaps."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    u = x * math.cos(angle) + y * math.sin(angle)
    v = -x * math.sin(angle) + y * math.cos(angle)
    strokes = 0.5 + 0.5 * np.sin(v * 0.9 + 2.0 * fbm(h, w, seed=seed, beta=2.0, fmin=4, fmax=40))
    grain_ = fbm(h, w, seed=seed + 1, beta=0.6, fmin=60)
    cov = sat(density + 0.35 * strokes - 0.25 + 0.25 * grain_)
    return sat(cov * 1.15).astype(np.float32)
