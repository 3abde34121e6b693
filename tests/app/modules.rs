//! The app's modules import one way (the layers are listed in `src/lib.rs`): no top-level
//! module of `src/` reaches itself again through its `crate::` paths.

use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// The `.rs` files of a module: the file itself, or every file under its folder.
fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(path).expect("module folder") {
        found.extend(files(&entry.expect("folder entry").path()));
    }
    found.retain(|f| f.extension().is_some_and(|e| e == "rs"));
    found
}

/// The first segment of every path that starts with `crate::` (in `crate::{a, b::c}`, `a` and
/// `b`), outside line comments.
fn crate_paths(source: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = code[at + "crate::".len()..].trim_start();
            match rest.strip_prefix('{') {
                Some(group) => {
                    let mut depth = 0;
                    let mut start = true;
                    for (i, c) in group.char_indices() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => break,
                            '}' => depth -= 1,
                            ',' if depth == 0 => start = true,
                            c if c.is_whitespace() => {}
                            _ if start => {
                                names.insert(ident(&group[i..]));
                                start = false;
                            }
                            _ => {}
                        }
                    }
                }
                None => {
                    names.insert(ident(rest));
                }
            }
        }
    }
    names
}

/// Each top-level module of `src/` and the other top-level modules it names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo_root().join("src");
    let modules: BTreeMap<String, PathBuf> = std::fs::read_dir(&src)
        .expect("src")
        .map(|e| e.expect("src entry").path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_owned();
            let module = p.is_dir() || p.extension().is_some_and(|e| e == "rs");
            (module && name != "lib" && name != "main").then_some((name, p))
        })
        .collect();
    modules
        .iter()
        .map(|(name, path)| {
            let named = files(path)
                .iter()
                .flat_map(|f| crate_paths(&std::fs::read_to_string(f).expect("source")))
                .filter(|n| n != name && modules.contains_key(n))
                .collect();
            (name.clone(), named)
        })
        .collect()
}

/// Every module `from` reaches through its imports, itself included only through a cycle.
fn reach(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut next: Vec<&String> = graph[from].iter().collect();
    while let Some(module) = next.pop() {
        if seen.insert(module.clone()) {
            next.extend(&graph[module]);
        }
    }
    seen
}

#[test]
fn the_crate_paths_of_a_group_are_each_counted() {
    let found = crate_paths(
        "use crate::{AppSystems, body::{Player, Recenter}, scenario::X};\n\
         let a = crate::world::SPOT_RADIUS; // crate::ui is only mentioned",
    );
    let expected = ["AppSystems", "body", "scenario", "world"].map(String::from);
    assert_eq!(found, BTreeSet::from(expected));
}

#[test]
fn no_module_imports_itself_back() {
    let graph = imports();
    assert!(graph["world"].contains("body"), "the scan finds imports");
    for module in graph.keys() {
        let reached = reach(&graph, module);
        // The modules that reach this one back: its cycle.
        let cycle: BTreeSet<String> = reached
            .iter()
            .filter(|other| reach(&graph, other).contains(module))
            .cloned()
            .collect();
        assert!(
            cycle.is_empty(),
            "`{module}` imports itself back through {cycle:?}; imports: {graph:#?}"
        );
    }
}
