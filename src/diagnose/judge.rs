//! Which clock the times are judged by. The server judged exp, nbf and iat by its own
//! clock at the moment it answered; that instant is what matters, and the diagnosis says
//! which clock it used: `--now` when given; the recorder's clock when the exchange says
//! when it was sent (replay: this machine, now), with the server's clock beside it when
//! its `Date` header is known; the server's `Date` itself when only that is known (a
//! pasted transcript); this machine's clock now when nothing is known.

use crate::clock::{NowFrom, span, utc};
use crate::exchange::Exchange;
use crate::lint::Ctx;
use serde_json::{Value, json};

/// How far the recorder's send time may be from "now" and still be this machine, now.
const LIVE: f64 = 5.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// `--now`.
    Given,
    /// The server's `Date` header: the exchange says nothing else about when.
    ServerDate,
    /// When the request was sent, on the clock of whoever recorded it (a capture's).
    Sent,
    /// This machine's clock, now (a live replay, or nothing known).
    ThisMachine,
}

impl Clock {
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Given => "now_flag",
            Clock::ServerDate => "server_date",
            Clock::Sent => "sent",
            Clock::ThisMachine => "this_machine",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    /// The instant times are judged at, UNIX seconds.
    pub at: i64,
    pub clock: Clock,
    /// The server's clock minus the judging clock, when both are known: times are also
    /// judged at `at + server_offset`, as the server saw them.
    pub server_offset: Option<i64>,
    /// Whose clock the exchange's own times are on: this machine's (an exchange jwtgrant
    /// made) or the recorder's (a capture someone handed over).
    pub local: &'static str,
}

impl Judged {
    /// `answer_date` is the Date read from pasted text, when the exchange has no response.
    pub fn of(ctx: &Ctx, exchange: &Exchange, answer_date: Option<i64>) -> Judged {
        let server_date = exchange.times.server_date.or(answer_date);
        let recorded = exchange.times.sent.or(exchange.times.received);
        let offset = exchange.clock_offset();
        let (at, clock, server_offset) = match (ctx.now_from, recorded, server_date) {
            (NowFrom::Given, _, _) => (ctx.now, Clock::Given, offset),
            (NowFrom::System, Some(sent), _) if (sent - ctx.now as f64).abs() <= LIVE => {
                (ctx.now, Clock::ThisMachine, offset)
            }
            (NowFrom::System, Some(sent), _) => (sent.floor() as i64, Clock::Sent, offset),
            (NowFrom::System, None, Some(date)) => (date, Clock::ServerDate, None),
            (NowFrom::System, None, None) => (ctx.now, Clock::ThisMachine, None),
        };
        let local = match exchange.origin {
            None => "this machine's",
            Some(_) => "the recorder's",
        };
        Judged {
            at,
            clock,
            server_offset,
            local,
        }
    }

    /// "at 2025-11-25T14:00:03Z, the server's clock (its Date header)".
    pub fn describe(&self) -> String {
        let at = utc(self.at);
        let server = match self.server_offset {
            Some(o) if o.abs() <= 1 => "; the server's clock (Date) agrees".to_string(),
            Some(o) => format!(
                "; the server's clock (Date) is {} {}, and times are judged by it too",
                span(o),
                if o > 0 { "ahead" } else { "behind" }
            ),
            None => String::new(),
        };
        match self.clock {
            Clock::Given => format!("at {at} (--now){server}"),
            Clock::ServerDate => format!("at {at}, the server's clock (its Date header)"),
            Clock::Sent => {
                format!("at {at}, when the request was sent (the recorder's clock){server}")
            }
            Clock::ThisMachine if self.server_offset.is_some() => {
                format!("at {at}, this machine's clock{server}")
            }
            Clock::ThisMachine => format!(
                "at {at}, this machine's clock now (no server Date known; --now sets the time of the error)"
            ),
        }
    }

    pub fn to_json(self) -> Value {
        json!({
            "at": utc(self.at),
            "clock": self.clock.as_str(),
            "server_offset_seconds": self.server_offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_079_200;

    fn ctx(given: bool) -> Ctx {
        let mut c = Ctx::new(NOW, 60);
        if given {
            c.now_from = NowFrom::Given;
        }
        c
    }

    #[test]
    fn a_pasted_answer_is_judged_at_its_date() {
        let e = Exchange::default();
        let j = Judged::of(&ctx(false), &e, Some(NOW - 6 * 86_400));
        assert_eq!((j.at, j.clock), (NOW - 6 * 86_400, Clock::ServerDate));
        assert!(j.describe().contains("Date header"), "{}", j.describe());
        // --now wins
        let j = Judged::of(&ctx(true), &e, Some(NOW - 100));
        assert_eq!((j.at, j.clock), (NOW, Clock::Given));
        // nothing known: now, and it says so
        let j = Judged::of(&ctx(false), &e, None);
        assert_eq!(j.clock, Clock::ThisMachine);
        assert!(j.describe().contains("--now"), "{}", j.describe());
    }

    #[test]
    fn a_live_exchange_is_judged_now_and_by_the_servers_clock() {
        let mut e = Exchange::default();
        e.times.sent = Some(NOW as f64 + 0.2);
        e.times.received = Some(NOW as f64 + 0.4);
        e.times.server_date = Some(NOW + 3600);
        let j = Judged::of(&ctx(false), &e, None);
        assert_eq!(
            (j.at, j.clock, j.server_offset),
            (NOW, Clock::ThisMachine, Some(3600))
        );
        assert!(j.describe().contains("1 h ahead"), "{}", j.describe());
    }

    #[test]
    fn a_recorded_exchange_is_judged_when_it_was_sent() {
        let mut e = Exchange::default();
        e.times.sent = Some((NOW - 86_400) as f64);
        e.times.server_date = Some(NOW - 86_400 + 2);
        let j = Judged::of(&ctx(false), &e, None);
        assert_eq!((j.at, j.clock), (NOW - 86_400, Clock::Sent));
        assert_eq!(j.server_offset, Some(3));
    }
}
