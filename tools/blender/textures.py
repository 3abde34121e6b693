"""assets/textures/<name>_albedo.png, <name>_normal.png, <name>_rough.png (512 x 512,
tileable) for plaster, concrete, ground, wood and fabric, so the app can dress simple pieces
with the same surfaces as the modelled sets. Albedo is sRGB; the normal map is tangent space
(OpenGL / glTF convention, +Y up); the rough map follows glTF's metallic-roughness packing
(roughness in G, metallic in B, R unused).

Metres per repeat as used in the sets: plaster 2.5, concrete (40 x 20 cm blocks) 1.6,
ground 4, wood (12.5 cm planks along u) 1, fabric (bands along u) 0.5.

Run: blender -b --factory-startup --python-exit-code 1 -P tools/blender/textures.py"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import texlib  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "textures")
os.makedirs(OUT, exist_ok=True)
for name, recipe in texlib.RECIPES.items():
    d = recipe()
    texlib.write_png(os.path.join(OUT, f"{name}_albedo.png"), d["albedo"])
    texlib.write_png(os.path.join(OUT, f"{name}_normal.png"), d["normal"])
    texlib.write_png(os.path.join(OUT, f"{name}_rough.png"), d["mr"])
    print(f"[temoin] textures/{name}_*.png")
