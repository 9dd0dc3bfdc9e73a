//! What a panic prints: that jwtgrant has a bug, where in the code, and nothing of the
//! input. A panic's message is often formatted from the data at hand (a slice error quotes
//! the line, token and all), so only a message written literally in the source (a
//! `&'static str` payload) is shown; the hook writes to stderr itself, not through the
//! output layer, which may be what failed.
//!
//! Then the process exits with 2 ("could not do it"), in every build: release builds
//! abort on panic (SIGABRT, shell status 134) and debug builds could not unwind out of the
//! C `main` either, but the hook runs first and exits before that.

use std::any::Any;
use std::io::Write;
use std::panic::Location;
use std::sync::atomic::{AtomicBool, Ordering};

// Installed by the C `main`, which test builds do not have.
#[cfg_attr(test, allow(dead_code))]
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        static REPORTING: AtomicBool = AtomicBool::new(false);
        if REPORTING.swap(true, Ordering::SeqCst) {
            // Another thread is reporting and exiting; a second report would only garble it.
            loop {
                std::thread::park();
            }
        }
        let text = message(info.location(), info.payload());
        let _ = std::io::stderr().write_all(text.as_bytes());
        std::process::exit(i32::from(crate::exit::COULD_NOT));
    }));
}

/// The report for a panic at `location` with `payload`.
pub fn message(location: Option<&Location<'_>>, payload: &(dyn Any + Send)) -> String {
    let mut text = format!(
        "error: jwtgrant {} hit an internal error (a bug); please report it\n",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(at) = location {
        text.push_str(&format!(
            "  at {}:{}:{}\n",
            at.file(),
            at.line(),
            at.column()
        ));
    }
    if let Some(said) = payload.downcast_ref::<&'static str>() {
        text.push_str(&format!("  {said}\n"));
    }
    text.push_str("  (the input is not shown, as it may hold tokens or secrets; say what kind of input it was)\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formatted_payload_is_never_shown() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJzZWNyZXQifQ.c2ln";
        let payload: Box<dyn Any + Send> = Box::new(format!(
            "byte index 5 is not a char boundary of `q={token}`"
        ));
        let here = Location::caller();
        let text = message(Some(here), payload.as_ref());
        assert!(!text.contains(token), "{text}");
        assert!(!text.contains("char boundary"), "{text}");
        assert!(text.contains("internal error (a bug); please report it"));
        assert!(
            text.contains(&format!("at src/crash.rs:{}:", here.line())),
            "{text}"
        );
    }

    #[test]
    fn a_literal_payload_is_shown() {
        let payload: Box<dyn Any + Send> = Box::new("state machine out of step");
        let text = message(None, payload.as_ref());
        assert!(text.contains("  state machine out of step\n"), "{text}");
        assert!(!text.contains("  at "), "{text}");
    }

    #[test]
    fn a_real_panic_gives_what_the_hook_is_handed() {
        // The payload std hands a hook for `panic!("{}", …)` is a String: not shown.
        let caught = std::panic::catch_unwind(|| {
            let line = String::from("assertion=eyJsecret");
            panic!("{line}");
        })
        .unwrap_err();
        assert!(!message(None, caught.as_ref()).contains("eyJsecret"));
    }
}
