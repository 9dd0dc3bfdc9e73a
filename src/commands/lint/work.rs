//! What one block of a line-oriented input (or one TOKEN argument) holds: the tokens in
//! it, parsed and run through the per-token rules, ready to be reported in input order.
//! Nothing here prints or keeps state across blocks (the `(iss, jti)` reuse check runs on
//! the merge, in order), so blocks can be worked on any thread.
//!
//! `--scan` searches a whole block for the starts of tokens (`locate::find_start`, a
//! vectorised multi-literal search) and reads only the lines that hold one; line numbers
//! are counted only up to each hit. `-` and @FILE read every line (each must hold a
//! token), with a fast path for a line that is one bare token.

use super::blocks::{self, Block};
use crate::cli::CheckArgs;
use crate::commands::check;
use crate::findings::Finding;
use crate::input::request::{self, Request};
use crate::input::{Candidate, Place, locate};
use crate::jose::Token;
use crate::lint::Profile;
use crate::lint::batch::{JtiHasher, JtiKey};
use crate::lint::profile::{self, ProfileFrom};
use crate::lint::{self, Ctx, HeaderMemo, RoleGuess, Subject, role};
use std::borrow::Cow;
use std::collections::HashSet;

/// Lines without a JWT in a token list named on stderr before counting quietly.
pub const NOTED_EMPTY_LINES: usize = 3;

/// One token found and linted, not yet reported.
pub struct Prepared {
    pub token: Token,
    pub place: Place,
    /// Line within the block (1-based), or within the argument.
    pub line: usize,
    pub role: RoleGuess,
    pub findings: Vec<Finding>,
    /// The profile the token picked itself (no --profile), and why.
    pub picked: Option<(Profile, String)>,
    /// What the reuse check keeps the token's (iss, jti) under (made here, on the worker).
    pub reuse: Option<JtiKey>,
}

/// What a block held.
#[derive(Default)]
pub struct Worked {
    pub tokens: Vec<Prepared>,
    /// Newlines in the block (the next block's first line is this many further on).
    pub newlines: usize,
    /// Input bytes the block stands for.
    pub bytes: u64,
    /// NUL bytes, or bytes that are not UTF-8.
    pub binary: bool,
    pub lines_not_utf8: u64,
    /// Token-list lines (`-`, @FILE) with text but no JWT; the first few by line.
    pub lines_without_token: u64,
    pub first_without_token: Vec<usize>,
    /// The block's last line was cut at the cap: (its line, its full length).
    pub cut: Option<(usize, u64)>,
}

/// The per-token rules with what they judge against; shared by every worker.
pub struct Linter<'a> {
    ctx: &'a Ctx,
    check: &'a CheckArgs,
    /// The run's context under each profile a token may pick (made once, shared by workers).
    picked: Vec<Ctx>,
    /// The offline rules' rows, worked out once for every token.
    plan: &'static lint::Plan,
    /// The run's reuse-check hasher: each token's key is made beside its rules.
    reuse: JtiHasher,
}

impl<'a> Linter<'a> {
    pub fn new(ctx: &'a Ctx, check: &'a CheckArgs, reuse: JtiHasher) -> Linter<'a> {
        let picked = Profile::ALL
            .iter()
            .map(|&p| {
                let mut c = ctx.clone();
                c.profile = p;
                c.profile_from = ProfileFrom::Token("the token".into());
                c
            })
            .collect();
        Linter {
            ctx,
            check,
            picked,
            plan: lint::Plan::of(lint::offline),
            reuse,
        }
    }

    /// A token found in text, with its place and any request around it.
    fn prepare<'s>(
        &'s self,
        c: Candidate,
        request: Option<&Request>,
        memo: &mut HeaderMemo<'s>,
    ) -> Prepared {
        let token = Token::parse_found(c.token, c.trailing.as_deref());
        self.lint(token, c.place, c.line, request, memo)
    }

    fn lint<'s>(
        &'s self,
        token: Token,
        place: Place,
        line: usize,
        request: Option<&Request>,
        memo: &mut HeaderMemo<'s>,
    ) -> Prepared {
        let guess = role::guess(&token, Some(&place));
        let mut role = check::role(self.check, guess);
        // Without --profile, an ID-JAG, an at+jwt access token or an ID token is judged by
        // its own profile; the run's profile stays the one the summary names.
        let picked = (self.ctx.profile_from == ProfileFrom::Default)
            .then(|| profile::from_token_at(&token, &role, Some(&place)))
            .flatten();
        let ctx = match &picked {
            Some((p, _)) => {
                role = profile::apply_flow(*p, role);
                self.picked
                    .iter()
                    .find(|c| c.profile == *p)
                    .unwrap_or(self.ctx)
            }
            None => self.ctx,
        };
        let subject = Subject {
            token: &token,
            role: &role,
            request,
        };
        let findings = lint::run_planned(&subject, ctx, self.plan, memo);
        Prepared {
            reuse: self.reuse.key(&token),
            token,
            place,
            line,
            role,
            findings,
            picked,
        }
    }

    /// A bare token on a line of its own: no context to read, no request to judge.
    fn prepare_bare<'s>(
        &'s self,
        text: locate::TokenBytes,
        line: usize,
        memo: &mut HeaderMemo<'s>,
    ) -> Prepared {
        self.lint(
            Token::parse_token_bytes(text),
            Place::Text,
            line,
            None,
            memo,
        )
    }

    /// A TOKEN argument: text that may hold several tokens, or be one request.
    pub fn argument(&self, text: &str) -> Worked {
        let mut worked = Worked::default();
        let request = request::parse(text);
        let mut judged = Judged::default();
        let mut memo = HeaderMemo::default();
        for c in locate::find(text) {
            let request = judged.first_copy(request.as_ref(), &c.token);
            let prepared = self.prepare(c, request, &mut memo);
            worked.tokens.push(prepared);
        }
        worked
    }

    /// The lines of a block: every line for a token list, only lines with a hit for `--scan`.
    pub fn block(&self, block: &Block, scan: bool) -> Worked {
        let bytes: &[u8] = &block.bytes;
        let mut worked = Worked {
            bytes: block.read,
            ..Worked::default()
        };
        let mut memo = HeaderMemo::default();
        if scan {
            self.scan_block(bytes, &mut worked, &mut memo);
        } else {
            // One pass over the block each, both vectorised; lines are looked at one by
            // one only in a block that fails them.
            let has_nul = memchr::memchr(0, bytes).is_some();
            let utf8 = bytes.is_ascii() || std::str::from_utf8(bytes).is_ok();
            worked.binary = has_nul || !utf8;
            // a line is at most one token's worth of room (mostly exactly one): the list
            // of a block's tokens is never grown and copied
            worked.tokens.reserve(blocks::count_newlines(bytes) + 1);
            let mut n = 0;
            for (i, line) in blocks::lines(bytes).enumerate() {
                self.line(line, i + 1, false, !worked.binary, &mut worked, &mut memo);
                n = i + 1;
            }
            // the last line may lack its newline
            worked.newlines = n - usize::from(n > 0 && !bytes.ends_with(b"\n"));
        }
        if let Some(total) = block.cut {
            // the cut line has no newline in the block, but the next block starts after it
            worked.cut = Some((worked.newlines + 1, total));
            worked.newlines += 1;
        }
        worked
    }

    /// `--scan`: only the lines that hold a token's start are read; the rest of the block
    /// is only searched, and its newlines counted up to the last hit and after it.
    fn scan_block<'s>(&'s self, bytes: &[u8], worked: &mut Worked, memo: &mut HeaderMemo<'s>) {
        let mut counted = 0;
        let mut newlines = 0;
        let mut from = 0;
        while let Some(hit) = locate::find_start(bytes, from) {
            let (start, end) = line_around(bytes, hit);
            newlines += blocks::count_newlines(bytes.get(counted..start).unwrap_or_default());
            counted = start;
            let line = blocks::trim_cr(bytes.get(start..end).unwrap_or_default());
            self.line(line, newlines + 1, true, false, worked, memo);
            from = end + 1;
        }
        worked.newlines =
            newlines + blocks::count_newlines(bytes.get(counted..).unwrap_or_default());
        // Whether the input is text matters only when it held no token at all (then it
        // decides between "no JWT found" and "not text"): a block without tokens is
        // looked at, one with tokens need not be.
        if worked.tokens.is_empty() {
            worked.binary |=
                memchr::memchr(0, bytes).is_some() || std::str::from_utf8(bytes).is_err();
        }
    }

    /// One line: the bare-token fast path, else the scanner. In a token list (`!scan`)
    /// every line counts; `text_block` says the whole block was text.
    fn line<'s>(
        &'s self,
        raw: &[u8],
        line_no: usize,
        scan: bool,
        text_block: bool,
        w: &mut Worked,
        memo: &mut HeaderMemo<'s>,
    ) {
        if let Some(bytes) = starts_a_bare_line(raw) {
            if let Some(token) = strict_jws(bytes) {
                w.tokens
                    .push(self.lint(token, Place::Text, line_no, None, memo));
                return;
            }
            if let Some(token) = only_token_bytes(bytes) {
                w.tokens.push(self.prepare_bare(token, line_no, memo));
                return;
            }
        }
        let text = match std::str::from_utf8(raw) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => {
                // counted here for every line read: all of a token list, the lines with a
                // hit of a scan (the only ones scanned with the bad bytes replaced)
                w.lines_not_utf8 += 1;
                String::from_utf8_lossy(raw)
            }
        };
        let mut found = Vec::new();
        locate::scan_line(&text, line_no, &mut found);
        if found.is_empty() {
            let text_line = text_block
                || (matches!(text, Cow::Borrowed(_)) && memchr::memchr(0, raw).is_none());
            if !scan && text_line && !text.trim().is_empty() {
                w.lines_without_token += 1;
                if w.first_without_token.len() < NOTED_EMPTY_LINES {
                    w.first_without_token.push(line_no);
                }
            }
            return;
        }
        // A line that is a whole request (form body, curl line) is judged as one.
        let request = request::parse(&text);
        let mut judged = Judged::default();
        for c in found {
            let request = judged.first_copy(request.as_ref(), &c.token);
            w.tokens.push(self.prepare(c, request, memo));
        }
    }
}

/// The line of `bytes` that holds offset `at`: (start, end before its newline).
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', bytes.get(..at).unwrap_or_default()).map_or(0, |i| i + 1);
    let end =
        memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default()).map_or(bytes.len(), |i| at + i);
    (start, end)
}

/// The tokens of one request already judged with it. A token sent twice in a request has
/// the same carrier both times, so its request findings would only repeat (once per copy,
/// each copy re-reading the request: quadratic in a body of thousands); later copies are
/// linted as tokens alone.
#[derive(Default)]
struct Judged(HashSet<String>);

impl Judged {
    fn first_copy<'r>(&mut self, request: Option<&'r Request>, token: &str) -> Option<&'r Request> {
        request.filter(|_| self.0.insert(token.to_string()))
    }
}

/// The common case of a token list: the line is one token and nothing else. Checked in
/// two branch-free passes instead of the general scanner; anything else goes to
/// `locate::scan_line` (which finds the same token, as `Place::Text`).
#[cfg(test)]
fn bare_token(line: &[u8]) -> Option<locate::TokenBytes<'_>> {
    starts_a_bare_line(line).and_then(only_token_bytes)
}

/// `strict_jws` for a whole line.
#[cfg(test)]
fn strict_bare_token(line: &[u8]) -> Option<Token> {
    starts_a_bare_line(line).and_then(strict_jws)
}

/// The line without the spaces and tabs around it, when it starts like a JWT.
fn starts_a_bare_line(line: &[u8]) -> Option<&[u8]> {
    let start = line.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    let end = line.iter().rposition(|b| !matches!(b, b' ' | b'\t'))? + 1;
    line.get(start..end).filter(|b| locate::starts_like_jwt(b))
}

/// The commonest line of all: one JWS, strict base64url between its two dots. It is parsed
/// straight away, and the parse says whether every part was strict base64url (which is
/// what `only_token_bytes`' pass over the bytes would have found); None sends anything
/// else to `only_token_bytes` and the scanner.
fn strict_jws(bytes: &[u8]) -> Option<Token> {
    let mut found = memchr::memchr_iter(b'.', bytes);
    let dots = [found.next()?, found.next()?];
    if found.next().is_some() {
        return None;
    }
    Token::parse_if_strict(std::str::from_utf8(bytes).ok()?, dots)
}

/// A token of two or four dots and token bytes only (one pass for the dots, memchr, and
/// one for stray bytes, vectorised).
fn only_token_bytes(bytes: &[u8]) -> Option<locate::TokenBytes<'_>> {
    locate::token_bytes(bytes).filter(|t| matches!(t.dot_count(), 2 | 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_tokens_take_the_fast_path_and_the_rest_the_scanner() {
        let t = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";
        assert_eq!(
            bare_token(format!("  {t}\t").as_bytes()).map(locate::TokenBytes::as_str),
            Some(t)
        );
        assert!(bare_token(format!("assertion={t}").as_bytes()).is_none());
        assert!(bare_token(b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0").is_none());
        assert!(bare_token(format!("{t} trailing").as_bytes()).is_none());
        assert!(bare_token(b"   ").is_none());
        // the scanner agrees on what the fast path accepts
        let mut found = Vec::new();
        locate::scan_line(t, 7, &mut found);
        assert_eq!(found[0].token, t);
        assert_eq!(found[0].place, Place::Text);
    }

    #[test]
    fn a_bare_token_parses_as_the_general_parser_parses_it() {
        let seg = |json: &str| crate::jose::b64url(json.as_bytes());
        let tokens = [
            format!(
                "{}.{}.c2ln",
                seg(r#"{"alg":"RS256"}"#),
                seg(r#"{"iss":"a","jti":"1"}"#)
            ),
            format!(
                "{}.{}.",
                seg(r#"{"alg":"none"}"#),
                seg(r#"{"aud":["x","y"]}"#)
            ),
            format!("{}.e30.a.b.c", seg(r#"{"alg":"RSA-OAEP","enc":"A128GCM"}"#)),
            // more dots than the five a TokenBytes keeps
            format!("{}.e30.a.b.c.d.e", seg(r#"{"alg":"RS256"}"#)),
        ];
        // stray characters: whitespace of both kinds, non-ASCII, the standard alphabet,
        // padding, dots, a control
        let strays = [" ", "\t", "\u{a0}", "é", "+", "/", "==", ".", "\u{b}", "\r"];
        let mut accepted = 0;
        let mut strict_taken = 0;
        for token in &tokens {
            for stray in strays {
                for at in [0, 1, 10, token.len() / 2, token.len() - 1, token.len()] {
                    let mut line = token.clone();
                    line.insert_str(at, stray);
                    for line in [token.as_str(), line.as_str()] {
                        // the strict fast path parses what the bare-token path parses,
                        // and takes every strict JWS
                        let strict = strict_bare_token(line.as_bytes());
                        let bare = bare_token(line.as_bytes());
                        if let Some(fast) = &strict {
                            let checked = bare.expect("a strict token is a bare token");
                            let general = Token::parse_token_bytes(checked);
                            assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{line:?}");
                            strict_taken += 1;
                        } else if let Some(checked) = bare {
                            let general = Token::parse_token_bytes(checked);
                            let clean = general.facts.encoding.is_empty()
                                && general.facts.malformed.is_empty();
                            assert!(general.form != crate::jose::Form::Jws || !clean, "{line:?}");
                        }
                        // the bare-token test, and the token-bytes check under it
                        assert!(
                            bare.is_none() || bare == locate::token_bytes(line.trim().as_bytes())
                        );
                        let Some(bytes) = locate::token_bytes(line.as_bytes()) else {
                            continue;
                        };
                        accepted += 1;
                        let fast = Token::parse_token_bytes(bytes);
                        let general = Token::parse(bytes.as_str());
                        assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{line:?}");
                    }
                }
            }
        }
        assert!(accepted > 100, "{accepted}");
        assert!(strict_taken > 50, "{strict_taken}");
    }
}
