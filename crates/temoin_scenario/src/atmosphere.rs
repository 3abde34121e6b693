//! The sun by the clock: where it stands, how warm and how strong it is at a local time, for
//! the story's latitude and season. Engine-free so that the validator, the budget and tests
//! share it with the app.

/// About the latitude of the cities of northern Syria.
pub const LATITUDE_DEGREES: f32 = 36.2;
/// Late September: the story happens "a few months" after a shelling in the spring.
pub const DAY_OF_YEAR: f32 = 265.0;

/// The sun at a moment, in the scenario's conventions (degrees; azimuth clockwise from north,
/// which is -z).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sun {
    pub elevation: f32,
    pub azimuth: f32,
    /// Lux on a surface facing the sun, scaled for the app's camera exposure.
    pub illuminance: f32,
    /// Linear RGB, 0..1.
    pub color: [f32; 3],
}

/// `"9:30"` or `"09:30"` → 9.5 hours; `None` for anything else.
pub fn parse_clock(text: &str) -> Option<f32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && m.to_string().len() <= 2).then(|| h as f32 + m as f32 / 60.0)
}

/// The sun at local solar time `hours`.
pub fn sun_at(hours: f32) -> Sun {
    let lat = LATITUDE_DEGREES.to_radians();
    let declination =
        (23.44f32).to_radians() * ((360.0 / 365.0) * (284.0 + DAY_OF_YEAR)).to_radians().sin();
    let hour_angle = (15.0 * (hours - 12.0)).to_radians();
    let sin_el = lat.sin() * declination.sin() + lat.cos() * declination.cos() * hour_angle.cos();
    let elevation = sin_el.clamp(-1.0, 1.0).asin();
    let azimuth = hour_angle
        .sin()
        .atan2(hour_angle.cos() * lat.sin() - declination.tan() * lat.cos())
        .to_degrees()
        + 180.0;
    let elevation = elevation.to_degrees();
    // Low sun: through more air, so redder and weaker; below the horizon, only a glow.
    let height = (elevation / 45.0).clamp(0.0, 1.0);
    let warm = [1.0, 0.62, 0.38];
    let noon = [1.0, 0.97, 0.92];
    let color = [0, 1, 2].map(|i| warm[i] + (noon[i] - warm[i]) * height.sqrt());
    let illuminance = if elevation <= 0.0 {
        300.0
    } else {
        1500.0 + 9500.0 * height.powf(0.7)
    };
    Sun {
        elevation: elevation.max(1.0),
        azimuth: azimuth.rem_euclid(360.0),
        illuminance,
        color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("9:30"), Some(9.5));
        assert_eq!(parse_clock("17:45"), Some(17.75));
        for bad in ["25:00", "9", "9:60", "nine:30", "9:300"] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_sun_rises_in_the_east_and_stands_south_at_noon() {
        let morning = sun_at(8.0);
        let noon = sun_at(12.0);
        let evening = sun_at(17.0);
        assert!((60.0..130.0).contains(&morning.azimuth), "{morning:?}");
        assert!((noon.azimuth - 180.0).abs() < 1.0, "{noon:?}");
        assert!((230.0..300.0).contains(&evening.azimuth), "{evening:?}");
        // Late September at 36°N: about 54° at noon.
        assert!((48.0..58.0).contains(&noon.elevation), "{noon:?}");
        assert!(morning.elevation < noon.elevation);
        assert!(morning.illuminance < noon.illuminance);
        // A low sun is warmer: less blue relative to red.
        assert!(morning.color[2] < noon.color[2]);
    }
}
