//! A design's name where people see it: the title bar, the page title, downloaded files.

/// The name as shown: the design's own, or "Untitled design".
pub fn title(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "Untitled design".to_string()
    } else {
        name.to_string()
    }
}

/// Longest file name stem, in characters (the extension comes on top).
pub const MAX_STEM: usize = 80;

/// A file name for the design: its name made file-safe (letters and digits of any script,
/// `-`, `_` and `.` kept; runs of anything else become one `-`), at most [`MAX_STEM`]
/// characters, then `.ext`. "design" when nothing is left.
pub fn file_name(name: &str, ext: &str) -> String {
    format!("{}.{ext}", stem(name))
}

/// The name of an exported file (`main.tf`) downloaded on its own: the design's file-safe name
/// first, so the files of several designs do not overwrite each other in a downloads folder
/// (`Seed-lab-main.tf`). A folder in `path` becomes part of the name.
pub fn export_file_name(name: &str, path: &str) -> String {
    format!("{}-{}", stem(name), path.replace(['/', '\\'], "-"))
}

/// The design's name made file-safe, as [`file_name`] describes.
fn stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        if keep {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_matches(['-', '.']).chars().take(MAX_STEM).collect();
    let stem = stem.trim_end_matches(['-', '.']);
    if stem.is_empty() { "design" } else { stem }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_file_names() {
        assert_eq!(file_name("Seed lab: hub & spoke", "json"), "Seed-lab-hub-spoke.json");
        assert_eq!(file_name("../../etc/passwd", "svg"), "etc-passwd.svg");
        assert_eq!(file_name("Contoso — Réseau", "png"), "Contoso-Réseau.png");
        assert_eq!(file_name("  ", "json"), "design.json");
        assert_eq!(file_name("a\u{0}b<c>|d", "json"), "a-b-c-d.json");
    }

    #[test]
    fn long_names_are_cut_at_80_characters() {
        let long = "é".repeat(200);
        let name = file_name(&long, "json");
        assert_eq!(name.chars().count(), MAX_STEM + ".json".len());
        assert_eq!(file_name(&format!("{}!!!", "a".repeat(79)), "json"), format!("{}.json", "a".repeat(79)));
    }

    #[test]
    fn exported_files_are_named_after_the_design() {
        assert_eq!(export_file_name("Seed lab: hub & spoke", "main.tf"), "Seed-lab-hub-spoke-main.tf");
        assert_eq!(export_file_name("", "azuredeploy.json"), "design-azuredeploy.json");
        assert_eq!(export_file_name("Hub", "modules/spoke.bicep"), "Hub-modules-spoke.bicep");
    }

    #[test]
    fn titles() {
        assert_eq!(title(""), "Untitled design");
        assert_eq!(title("  Hub  "), "Hub");
    }
}
