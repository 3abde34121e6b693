//! `temoin budget`: what each environment costs a standalone headset: draw calls (one per
//! mesh primitive drawn), triangles, and texture memory (RGBA8 as uploaded, each picture
//! counted once per place), counted from the very files and generators the app loads, and
//! checked against the budget below. Runs without the engine.

use crate::cli::{ChapterArg, ScenarioArg};
use crate::paths;
use crate::world::figure::body_meshes;
use crate::world::lathe::triangles;
use crate::world::pose::Proportions;
use crate::world::signs::sign_pixels;
use bevy::prelude::*;
use clap::Args;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use temoin_scenario::{AssetRoots, Environment, Figure, Shape, Sky};

/// A standalone headset's budget for one place.
pub const MAX_DRAW_CALLS: usize = 150;
pub const MAX_TRIANGLES: usize = 500_000;
pub const MAX_TEXTURE_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_TEXTURE_SIDE: u32 = 2048;

#[derive(Debug, Args)]
pub struct BudgetArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
}

/// What one environment costs.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cost {
    pub draw_calls: usize,
    pub triangles: usize,
    pub texture_bytes: u64,
    /// Pictures larger than the budget allows, and files that could not be read.
    pub problems: Vec<String>,
    textures_seen: BTreeSet<String>,
}

impl Cost {
    pub fn over_budget(&self) -> Vec<String> {
        let mut over = self.problems.clone();
        if self.draw_calls > MAX_DRAW_CALLS {
            over.push(format!(
                "{} draw calls (at most {MAX_DRAW_CALLS})",
                self.draw_calls
            ));
        }
        if self.triangles > MAX_TRIANGLES {
            over.push(format!(
                "{} triangles (at most {MAX_TRIANGLES})",
                self.triangles
            ));
        }
        if self.texture_bytes > MAX_TEXTURE_BYTES {
            over.push(format!(
                "{:.1} MB of textures (at most {} MB)",
                mb(self.texture_bytes),
                MAX_TEXTURE_BYTES / 1024 / 1024
            ));
        }
        over
    }

    fn mesh(&mut self, mesh: &Mesh) {
        self.draw_calls += 1;
        self.triangles += triangles(mesh);
    }

    fn texture(&mut self, key: String, size: Option<(u32, u32)>) {
        if !self.textures_seen.insert(key.clone()) {
            return;
        }
        match size {
            Some((w, h)) => {
                if w > MAX_TEXTURE_SIDE || h > MAX_TEXTURE_SIDE {
                    self.problems
                        .push(format!("`{key}` is {w}×{h} (at most {MAX_TEXTURE_SIDE}²)"));
                }
                self.texture_bytes += w as u64 * h as u64 * 4;
            }
            None => self.problems.push(format!("`{key}`: cannot read its size")),
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}

/// Width and height from a PNG's or JPEG's header.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG") && bytes.len() >= 24 {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            // Start of frame (baseline or progressive): height then width.
            if matches!(marker, 0xC0..=0xC2) {
                let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
                let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
                return Some((w, h));
            }
            i += 2 + len;
        }
    }
    None
}

/// Adds a glTF file's meshes (every primitive of every mesh instance in its scene) and
/// pictures.
fn gltf_cost(cost: &mut Cost, path: &Path) {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return cost.problems.push(format!("`{name}`: {e}")),
    };
    let gltf = match gltf::Gltf::from_slice(&bytes) {
        Ok(g) => g,
        Err(e) => return cost.problems.push(format!("`{name}`: {e}")),
    };
    let doc = &gltf.document;
    let mut stack: Vec<gltf::Node> = doc
        .default_scene()
        .or_else(|| doc.scenes().next())
        .map(|s| s.nodes().collect())
        .unwrap_or_default();
    while let Some(node) = stack.pop() {
        if let Some(mesh) = node.mesh() {
            for primitive in mesh.primitives() {
                cost.draw_calls += 1;
                let count = primitive
                    .indices()
                    .or_else(|| primitive.get(&gltf::Semantic::Positions))
                    .map_or(0, |a| a.count());
                cost.triangles += count / 3;
            }
        }
        stack.extend(node.children());
    }
    for (i, image) in doc.images().enumerate() {
        let size = match image.source() {
            gltf::image::Source::View { view, .. } => gltf.blob.as_deref().and_then(|blob| {
                blob.get(view.offset()..view.offset() + view.length())
                    .and_then(image_size)
            }),
            gltf::image::Source::Uri { uri, .. } => path
                .parent()
                .and_then(|dir| std::fs::read(dir.join(uri)).ok())
                .and_then(|b| image_size(&b)),
        };
        cost.texture(format!("{name}#{i}"), size);
    }
}

fn file_texture(cost: &mut Cost, roots: &AssetRoots, path: &str) {
    let size = roots
        .resolve(path)
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| image_size(&b));
    cost.texture(path.to_owned(), size);
}

/// What `env` costs, its files looked up in `roots`.
pub fn environment_cost(env: &Environment, roots: &AssetRoots) -> Cost {
    let mut cost = Cost::default();
    let model = |cost: &mut Cost, path: &str| match roots.resolve(path) {
        Some(file) => gltf_cost(cost, &file),
        None => cost.problems.push(format!("`{path}` does not exist")),
    };
    for piece in &env.pieces {
        let Some(mesh) = crate::world::primitive_mesh(&piece.shape) else {
            if let Shape::Model { path, .. } = &piece.shape {
                model(&mut cost, path);
            }
            continue;
        };
        cost.mesh(&mesh);
        if let Some(textures) = &piece.material.textures {
            for path in textures.paths() {
                file_texture(&mut cost, roots, path);
            }
        }
    }
    for character in &env.characters {
        match &character.figure {
            Figure::Person { body, height, .. } => {
                let p = Proportions::new(*body, *height);
                for (_, mesh) in body_meshes(*body, &p, &character.figure).parts {
                    cost.mesh(&mesh);
                }
            }
            Figure::Model { path, .. } => model(&mut cost, path),
        }
    }
    for text in &env.texts {
        let (w, h) = sign_pixels(text);
        cost.draw_calls += 1;
        cost.triangles += 2;
        cost.texture(format!("text `{}`", text.text.id), Some((w, h)));
    }
    if let Some(sky) = &env.atmosphere.sky {
        cost.draw_calls += 1;
        cost.triangles += 48 * 24 * 2;
        if let Sky::Image { path, .. } = sky {
            file_texture(&mut cost, roots, path);
        }
    }
    // Markers: a halo per target, a disc per spot.
    let halo = Mesh::from(Torus::new(0.9, 1.0));
    let disc = Mesh::from(Cylinder::new(crate::world::SPOT_RADIUS, 0.02));
    for _ in &env.targets {
        cost.mesh(&halo);
    }
    for _ in &env.spots {
        cost.mesh(&disc);
    }
    cost
}

/// A table of every environment's cost; the second value says whether any is over budget.
pub fn report(envs: &[Environment], roots: &AssetRoots) -> (String, bool) {
    let mut out = format!(
        "{:<16} {:>10} {:>10} {:>12}  {}\n",
        "environment", "draw calls", "triangles", "textures MB", "verdict"
    );
    let mut failed = false;
    for env in envs {
        let cost = environment_cost(env, roots);
        let over = cost.over_budget();
        failed |= !over.is_empty();
        out.push_str(&format!(
            "{:<16} {:>10} {:>10} {:>12.1}  {}\n",
            env.id.as_str(),
            cost.draw_calls,
            cost.triangles,
            mb(cost.texture_bytes),
            if over.is_empty() {
                "ok".to_owned()
            } else {
                format!("OVER: {}", over.join("; "))
            }
        ));
    }
    out.push_str(&format!(
        "budget per environment: {MAX_DRAW_CALLS} draw calls, {MAX_TRIANGLES} triangles, {} MB of textures, each at most {MAX_TEXTURE_SIDE}²\n",
        MAX_TEXTURE_BYTES / 1024 / 1024
    ));
    (out, failed)
}

pub fn run(args: BudgetArgs, chapter: &ChapterArg) -> ExitCode {
    let scenario_path: Option<PathBuf> = args.scenario.scenario.as_deref().map(paths::absolute);
    let load = temoin_chapter::load_pack(
        &paths::pack_paths(),
        chapter.name(),
        scenario_path.as_deref(),
    );
    let Some(pack) = load.pack else {
        eprint!(
            "{}",
            temoin_scenario::check::render_human(std::slice::from_ref(&load.checked))
        );
        eprintln!("error: the scenario has errors; fix them first");
        return ExitCode::FAILURE;
    };
    let roots = AssetRoots::new([pack.scenario_folder.clone(), paths::assets_dir()]);
    let (table, failed) = report(&pack.scenario.environments, &roots);
    print!("{table}");
    if failed {
        eprintln!("error: over the standalone-headset budget");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_picture_sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(1024u32.to_be_bytes());
        png.extend(512u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((1024, 512)));
        assert_eq!(image_size(b"GIF89a"), None);
    }

    #[test]
    fn too_many_pieces_are_over_budget() {
        let text = format!(
            "(id: \"many\", arrival: \"a\", sky: \"#000000\", spots: [(id: \"a\", position: (0, 0, 0))], pieces: [{}])",
            (0..200)
                .map(|_| "(shape: Box(size: (1, 1, 1)))")
                .collect::<Vec<_>>()
                .join(", ")
        );
        let env: Environment = ron::from_str(&text).expect("environment");
        let cost = environment_cost(&env, &AssetRoots::default());
        assert_eq!(cost.draw_calls, 201);
        assert_eq!(
            cost.triangles,
            200 * 12 + triangles(&Mesh::from(Cylinder::new(0.6, 0.02)))
        );
        assert!(cost.over_budget().iter().any(|o| o.contains("draw calls")));
    }
}
