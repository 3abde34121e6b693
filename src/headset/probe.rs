//! One OpenXR instance, created and dropped before the app starts, to learn whether a
//! headset session can begin and, if not, which part is missing.

use super::loader::load_entry;
use super::{Availability, Unavailable};
use openxr::sys::Result as XrResult;

pub fn probe() -> Availability {
    let entry = match load_entry() {
        Ok(found) => found.entry,
        Err(why) => return Availability::Unavailable(Unavailable::NoLoader(why)),
    };
    let app = openxr::ApplicationInfo {
        application_name: "Temoin",
        application_version: 1,
        engine_name: "Bevy",
        engine_version: 19,
        // 1.0 so that older loaders (Debian's 1.0.20) accept the probe too.
        api_version: openxr::Version::new(1, 0, 0),
    };
    let instance = match entry.create_instance(&app, &openxr::ExtensionSet::default(), &[]) {
        Ok(instance) => instance,
        Err(error) => return Availability::Unavailable(Unavailable::NoRuntime(error.to_string())),
    };
    let runtime = instance
        .properties()
        .map(|p| format!("{} {}", p.runtime_name, p.runtime_version))
        .unwrap_or_else(|_| "an OpenXR runtime".into());
    match instance.system(openxr::FormFactor::HEAD_MOUNTED_DISPLAY) {
        Ok(system) => {
            let headset = instance
                .system_properties(system)
                .map(|p| p.system_name)
                .unwrap_or_else(|_| "a headset".into());
            Availability::Ready { runtime, headset }
        }
        Err(
            error @ (XrResult::ERROR_FORM_FACTOR_UNAVAILABLE
            | XrResult::ERROR_FORM_FACTOR_UNSUPPORTED),
        ) => Availability::Unavailable(Unavailable::NoHeadset(format!("{runtime}: {error}"))),
        Err(error) => {
            Availability::Unavailable(Unavailable::NoRuntime(format!("{runtime}: {error}")))
        }
    }
}
