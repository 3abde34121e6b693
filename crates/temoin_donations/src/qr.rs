//! QR codes of checkout URLs, as a grid of modules the app turns into a texture.

/// A QR code: `size` × `size` modules, `true` for dark.
#[derive(Debug, Clone, PartialEq)]
pub struct QrMatrix {
    pub size: usize,
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` with medium error correction (survives a glare on the booth screen).
    pub fn encode(text: &str) -> Result<QrMatrix, String> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| format!("cannot make a QR code: {e}"))?;
        let size = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Ok(QrMatrix { size, dark })
    }

    /// Greyscale pixels (0 dark, 255 light), each module `scale` pixels wide, with the
    /// 4-module quiet zone scanners need. Returns (side, pixels).
    pub fn to_pixels(&self, scale: usize) -> (usize, Vec<u8>) {
        let quiet = 4;
        let side = (self.size + 2 * quiet) * scale;
        let mut pixels = vec![255u8; side * side];
        for y in 0..self.size {
            for x in 0..self.size {
                if self.dark[y * self.size + x] {
                    for dy in 0..scale {
                        let row = ((y + quiet) * scale + dy) * side;
                        for dx in 0..scale {
                            pixels[row + (x + quiet) * scale + dx] = 0;
                        }
                    }
                }
            }
        }
        (side, pixels)
    }
}

/// A short, readable form of a URL to print under the code: host and the start of the path.
pub fn short_link(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url) else {
        return url.chars().take(40).collect();
    };
    let host = parsed.host_str().unwrap_or("");
    let path = parsed.path().trim_end_matches('/');
    let mut short = format!("{host}{path}");
    if short.chars().count() > 40 {
        short = short.chars().take(39).collect::<String>() + "…";
    }
    short
}
