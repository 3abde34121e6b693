//! The station id: made once, then the same on every start; per machine (per directory), a
//! UUIDv7; a hand-written id is kept; no temporary file is left behind.

mod common;

use common::fresh_dir;
use temoin_analytics::station::STATION_FILE;
use temoin_analytics::station_id;

#[test]
fn the_station_id_is_made_once_and_kept() {
    let dir = fresh_dir("station").join("data");
    let first = station_id(&dir).unwrap();
    let second = station_id(&dir).unwrap();
    assert_eq!(first, second);
    let uuid = uuid::Uuid::parse_str(&first).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 7);
    assert_eq!(
        std::fs::read_to_string(dir.join(STATION_FILE))
            .unwrap()
            .trim(),
        first
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, [STATION_FILE]);

    let other = fresh_dir("station-other");
    assert_ne!(station_id(&other).unwrap(), first);
}

#[test]
fn a_hand_written_id_is_kept_and_an_empty_one_replaced() {
    let dir = fresh_dir("station-named");
    std::fs::write(dir.join(STATION_FILE), "booth-left\n").unwrap();
    assert_eq!(station_id(&dir).unwrap(), "booth-left");

    std::fs::write(dir.join(STATION_FILE), "  \n").unwrap();
    let made = station_id(&dir).unwrap();
    assert_eq!(made.len(), 36);
    assert_eq!(station_id(&dir).unwrap(), made);
}
