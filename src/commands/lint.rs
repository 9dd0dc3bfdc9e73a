//! `jwtgrant lint`: stream tokens from arguments, stdin, files and scanned logs through the
//! offline rules and the batch rules, one token at a time, into one reporter.

mod block_sizes;
mod blocks;
mod drive;
mod parts;
mod work;

use super::check;
use crate::cli::{DenyArg, LintArgs, LintFormat};
use crate::exit::{Hint, Status};
use crate::findings;
use crate::input::locate;
use crate::lint::Profile;
use crate::lint::batch::JtiSeen;
use crate::output::Output;
use crate::report::lint::{
    self as lint_report, Input, Linted, Location, Reporter, RunInfo, Summary,
};
use crate::report::{Github, Sarif};
use anyhow::{Result, bail};
use blocks::{Block, Blocks};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use work::{Linter, NOTED_EMPTY_LINES, Prepared, Worked};

/// Lines longer than the input cap are scanned up to it; the rest is skipped with a
/// warning (one long line must not stop a scan of a whole log).
const MAX_LINE_BYTES: usize = crate::input::MAX_INPUT_BYTES;

enum Source {
    Argument {
        n: usize,
        text: String,
    },
    Stdin {
        scan: bool,
    },
    File {
        path: PathBuf,
        file: File,
        scan: bool,
    },
}

pub fn run(args: &LintArgs, out: &Output) -> Result<Status> {
    let format = args.output_format();
    if args.list_rules {
        return list(
            out,
            format,
            lint_report::rules_json(),
            lint_report::rules_human,
        );
    }
    if args.list_profiles {
        return list(
            out,
            format,
            lint_report::profiles_json(),
            lint_report::profiles_human,
        );
    }
    let (ctx, meta) = check::ctx(
        &args.check,
        Some(&args.server),
        &check::http_options(&args.http)?,
    )?;
    if let Some(meta) = &meta {
        out.verbose(1, &format!("metadata from {}", meta.source));
    }
    let sources = open_sources(args)?;
    let info = RunInfo {
        profile: ctx.profile,
        picked: Vec::new(),
        now: ctx.now,
        skew: ctx.skew,
        deny_warnings: args.deny == Some(DenyArg::Warnings),
    };
    let reporter: Box<dyn Reporter> = match format {
        LintFormat::Human => Box::new(lint_report::Human {
            summary_only: args.summary,
            ..Default::default()
        }),
        LintFormat::Json => Box::new(lint_report::Json {
            summary_only: args.summary,
            show_secrets: out.show_secrets(),
            count: 0,
        }),
        LintFormat::Sarif => Box::new(Sarif { count: 0 }),
        LintFormat::Github => Box::new(Github::default()),
    };
    let threads = threads_for(args, &sources);
    let seen = JtiSeen::default();
    let linter = Linter::new(&ctx, &args.check, seen.hasher().clone());
    let mut run = Run {
        out,
        info,
        reporter,
        seen,
        summary: Summary::default(),
        started: false,
        inputs: Vec::new(),
        picked: Vec::new(),
    };
    // block buffers, taken by whoever reads a block and given back once it is linted
    let pool = blocks::Pool::default();
    let (jobs, merger) = jobs(sources, &mut run.inputs, pool.clone());
    let failure = drive::drive(
        threads,
        merger,
        jobs,
        |job| work_on(&linter, &pool, job),
        |done| {
            let reported = run.done(done);
            if let Err(err) = &reported {
                end_now_if_stdout_closed(err, threads, merger);
            }
            reported
        },
    )
    .err();
    match failure {
        // An input problem before any token: nothing was printed; just the error (exit 2).
        Some(err) if !run.started => return Err(err),
        Some(err) if crate::output::is_broken_pipe(&err) => return Err(err),
        _ => {}
    }
    if !run.started {
        run.start()?;
    }
    run.info.picked = std::mem::take(&mut run.picked);
    run.reporter.finish(out, &run.info, &run.summary)?;
    out.verbose(
        1,
        &format!("{} distinct (iss, jti) pairs seen", run.seen.len()),
    );
    if let Some(err) = failure {
        return Err(err);
    }
    Ok(Status::from_errors(
        run.summary.failed(run.info.deny_warnings),
    ))
}

/// `--threads`, else the cores available; one when there is too little to share (TOKEN
/// arguments, files of at most one block), so small runs start no threads.
/// A closed stdout ends a run that reads a pipe on worker threads at once, quietly (exit 0,
/// as `main` ends any run on a closed stdout): `tail -f app.log | jwtgrant lint --scan - |
/// head -1`. Returning would join the worker that waits for the pipe's next line, which may
/// never come.
fn end_now_if_stdout_closed(err: &anyhow::Error, threads: usize, merger: drive::Merger) {
    if threads > 1 && merger == drive::Merger::OnlyMerges && crate::output::is_broken_pipe(err) {
        std::process::exit(0);
    }
}

fn threads_for(args: &LintArgs, sources: &[Source]) -> usize {
    let asked = args.threads.map(usize::from);
    let threads = asked.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let block = blocks::block_bytes(true) as u64;
    let small = sources.iter().all(|s| match s {
        Source::Argument { .. } => true,
        Source::Stdin { .. } => false,
        Source::File { file, .. } => file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() <= block),
    });
    if small && asked.is_none() {
        1
    } else {
        threads.max(1)
    }
}

fn list(
    out: &Output,
    format: LintFormat,
    json: serde_json::Value,
    human: fn(&Output) -> String,
) -> Result<Status> {
    match format {
        LintFormat::Human => out.print(&human(out))?,
        LintFormat::Json => out.json(json)?,
        LintFormat::Sarif | LintFormat::Github => {
            bail!("--list-rules and --list-profiles print human text or JSON; use --format json")
        }
    }
    Ok(Status::Clean)
}

/// Open every input before printing anything, so a missing file is exit 2 with no output.
fn open_sources(args: &LintArgs) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let mut stdin_used = false;
    let mut take_stdin = |what: &str| -> Result<()> {
        if std::mem::replace(&mut stdin_used, true) {
            bail!("stdin can be read only once ({what})");
        }
        Ok(())
    };
    for (i, spec) in args.tokens.iter().enumerate() {
        if spec == "-" {
            take_stdin("'-' given twice, or with --scan -")?;
            sources.push(Source::Stdin { scan: false });
        } else if let Some(path) = spec.strip_prefix('@') {
            if path.is_empty() {
                bail!("@ must be followed by a file name, e.g. @tokens.txt");
            }
            sources.push(open_file(Path::new(path), false)?);
        } else {
            crate::input::check_argument(spec, "lint")?;
            if locate::find(spec).is_empty() {
                return Err(Hint::new(
                    format!("argument {} holds no JWT", i + 1),
                    "pass a compact JWT (eyJ…), text containing one, '-' for stdin, @FILE, or --scan FILE",
                ));
            }
            sources.push(Source::Argument {
                n: i + 1,
                text: spec.clone(),
            });
        }
    }
    for spec in &args.scan {
        if spec == "-" {
            take_stdin("--scan - given twice, or with '-'")?;
            sources.push(Source::Stdin { scan: true });
        } else {
            sources.push(open_file(Path::new(spec), true)?);
        }
    }
    Ok(sources)
}

fn open_file(path: &Path, scan: bool) -> Result<Source> {
    Ok(Source::File {
        path: path.to_path_buf(),
        file: crate::input::open_file(path, "check the path")?,
        scan,
    })
}

struct Run<'a> {
    out: &'a Output,
    info: RunInfo,
    reporter: Box<dyn Reporter>,
    seen: JtiSeen,
    summary: Summary,
    started: bool,
    /// Per line-oriented input, in the order of the sources.
    inputs: Vec<InputState>,
    /// The profiles tokens picked themselves (id-jag, rfc9068, oidc-id-token), in order.
    picked: Vec<Profile>,
}

/// A line-oriented input as it is reported: name, lines so far, what it held.
struct InputState {
    path: Option<PathBuf>,
    scan: bool,
    /// A pipe (or FIFO): its findings are flushed block by block, as its writer goes on.
    stream: bool,
    /// Lines in the blocks reported so far.
    lines: usize,
    bytes: u64,
    tokens: u64,
    binary: bool,
    noted: u64,
}

impl InputState {
    fn new(path: Option<PathBuf>, scan: bool) -> InputState {
        InputState {
            path,
            scan,
            stream: false,
            lines: 0,
            bytes: 0,
            tokens: 0,
            binary: false,
            noted: 0,
        }
    }

    fn name(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "stdin".to_string(), |p| p.display().to_string())
    }
}

/// A unit of work, numbered by its place in the input.
enum Job {
    Argument {
        n: usize,
        text: String,
    },
    Block {
        input: usize,
        block: Block,
    },
    /// A part of a regular file, read by the worker that lints it.
    Part {
        input: usize,
        part: parts::Part,
        scan: bool,
    },
    /// The input's last block has been read.
    End {
        input: usize,
    },
    Failed {
        input: usize,
        error: io::Error,
    },
}

enum Done {
    Argument { n: usize, worked: Worked },
    Block { input: usize, worked: Worked },
    End { input: usize },
    Failed { input: usize, error: io::Error },
}

fn work_on_block(linter: &Linter, pool: &blocks::Pool, input: usize, block: Block) -> Done {
    let worked = linter.block(&block, is_scan(&block));
    // what was found is copied out of the block, so its buffer is free for the next read
    // now, not once the merge reaches it: fewer buffers in flight, fewer fresh pages
    pool.give(block.bytes.into_buffer());
    Done::Block { input, worked }
}

fn work_on(linter: &Linter, pool: &blocks::Pool, job: Job) -> Done {
    match job {
        Job::Argument { n, text } => Done::Argument {
            n,
            worked: linter.argument(&text),
        },
        Job::Block { input, block } => work_on_block(linter, pool, input, block),
        Job::Part { input, part, scan } => match part.read(pool) {
            Ok(mut block) => {
                block.scan = scan;
                work_on_block(linter, pool, input, block)
            }
            Err(error) => Done::Failed { input, error },
        },
        Job::End { input } => Done::End { input },
        Job::Failed { input, error } => Done::Failed { input, error },
    }
}

/// The scan flag travels with the block (see `jobs`).
fn is_scan(block: &Block) -> bool {
    block.scan
}

type Reader = Box<dyn Read + Send>;

/// A source not yet turned into jobs.
enum Pending {
    Argument(usize, String),
    /// input, reader (a pipe or FIFO: read as it comes), scan
    Lines(usize, Reader, bool),
    /// input, the parts of a regular file, scan
    Parts(usize, PartSource, bool),
}

/// A regular file's parts, read by the workers.
type PartSource = Box<dyn Iterator<Item = parts::Part> + Send>;

/// The input being turned into jobs: a stream read here, or a file's parts, which the
/// workers read.
enum Current {
    Stream(Blocks<Reader>),
    Parts(PartSource),
}

/// stdin as a file, when it is one (`lint - < tokens.txt`), so it can be read in parts.
fn stdin_file() -> Option<File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .map(File::from)
    }
    #[cfg(not(unix))]
    None
}

/// The sources as jobs, read lazily (block by block) in order; `inputs` gets one state
/// per line-oriented source, numbered as the jobs name them.
fn jobs(
    sources: Vec<Source>,
    inputs: &mut Vec<InputState>,
    pool: blocks::Pool,
) -> (impl Iterator<Item = Job> + Send + use<>, drive::Merger) {
    let mut pending = Vec::new();
    for source in sources {
        // stdin, a FIFO (`<(…)`): read what is there as it comes
        let (path, reader, scan): (Option<PathBuf>, Reader, bool) = match source {
            Source::Argument { n, text } => {
                pending.push(Pending::Argument(n, text));
                continue;
            }
            Source::Stdin { scan } => {
                let size = blocks::block_bytes(scan);
                match stdin_file().map(|f| parts::split(f, size, MAX_LINE_BYTES)) {
                    Some(Ok(parts)) => {
                        pending.push(Pending::Parts(inputs.len(), Box::new(parts), scan));
                        inputs.push(InputState::new(None, scan));
                        continue;
                    }
                    _ => (None, Box::new(io::stdin()), scan),
                }
            }
            Source::File { path, file, scan } => {
                match parts::split(file, blocks::block_bytes(scan), MAX_LINE_BYTES) {
                    Ok(parts) => {
                        pending.push(Pending::Parts(inputs.len(), Box::new(parts), scan));
                        inputs.push(InputState::new(Some(path), scan));
                        continue;
                    }
                    // a FIFO, a character device: read as a stream
                    Err(file) => (Some(path), Box::new(file), scan),
                }
            }
        };
        pending.push(Pending::Lines(inputs.len(), reader, scan));
        inputs.push(InputState {
            stream: true,
            ..InputState::new(path, scan)
        });
    }
    // a pipe's next block may wait for its writer: the merging thread must not wait with it
    let merger = if pending.iter().any(|p| matches!(p, Pending::Lines(..))) {
        drive::Merger::OnlyMerges
    } else {
        drive::Merger::AlsoWorks
    };
    let mut pending = pending.into_iter();
    let mut current: Option<(usize, Current, bool)> = None;
    let mut stopped = false;
    let jobs = std::iter::from_fn(move || {
        if stopped {
            return None;
        }
        if current.is_none() {
            match pending.next()? {
                Pending::Argument(n, text) => return Some(Job::Argument { n, text }),
                Pending::Lines(input, reader, scan) => {
                    let size = blocks::block_bytes(scan);
                    let blocks = Blocks::new(reader, size, MAX_LINE_BYTES)
                        .pooled(pool.clone())
                        .streaming();
                    current = Some((input, Current::Stream(blocks), scan));
                }
                Pending::Parts(input, parts, scan) => {
                    current = Some((input, Current::Parts(parts), scan));
                }
            }
        }
        let (input, reader, scan) = current.as_mut()?;
        let input = *input;
        let next = match reader {
            Current::Stream(blocks) => blocks.next_block().transpose().map(|b| {
                b.map(|mut block| {
                    block.scan = *scan;
                    Job::Block { input, block }
                })
            }),
            Current::Parts(parts) => parts.next().map(|part| {
                Ok(Job::Part {
                    input,
                    part,
                    scan: *scan,
                })
            }),
        };
        Some(match next {
            Some(Ok(job)) => job,
            None => {
                current = None;
                Job::End { input }
            }
            Some(Err(error)) => {
                stopped = true;
                Job::Failed { input, error }
            }
        })
    });
    (jobs, merger)
}

impl Run<'_> {
    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        self.reporter.begin(self.out, &self.info)
    }

    /// Report one unit of work; what it held is handed back, to be freed by the thread
    /// that made it.
    fn done(&mut self, done: Done) -> Result<Option<Worked>> {
        match done {
            Done::Argument { n, mut worked } => {
                for p in &mut worked.tokens {
                    self.token(p, Input::Argument(n), 0)?;
                }
                Ok(Some(worked))
            }
            Done::Block { input, worked } => self.block(input, worked),
            Done::End { input } => self.judge_input(input).map(|()| None),
            Done::Failed { input, error } => {
                let name = self
                    .inputs
                    .get(input)
                    .map(InputState::name)
                    .unwrap_or_default();
                Err(anyhow::Error::new(error).context(format!("cannot read {name}")))
            }
        }
    }

    fn block(&mut self, input: usize, mut worked: Worked) -> Result<Option<Worked>> {
        let Some(state) = self.inputs.get_mut(input) else {
            return Ok(Some(worked));
        };
        let base = state.lines;
        state.lines += worked.newlines;
        state.bytes += worked.bytes;
        state.binary |= worked.binary;
        state.tokens += worked.tokens.len() as u64;
        let name = state.name();
        let path = state.path.clone();
        let stream = state.stream;
        self.summary.lines_not_utf8 += worked.lines_not_utf8;
        if let Some((line, total)) = worked.cut {
            self.out.warn(&format!(
                "{name}:{} is {total} bytes long; {}, so only its start was scanned",
                base + line,
                crate::input::cap_phrase("of one line", "lint")
            ));
        }
        if !state.scan {
            self.summary.lines_without_token += worked.lines_without_token;
            for line in &worked.first_without_token {
                state.noted += 1;
                if state.noted <= NOTED_EMPTY_LINES as u64 {
                    self.out
                        .note(&format!("{name}:{}: no JWT on this line", base + line));
                }
            }
            state.noted += worked.lines_without_token - worked.first_without_token.len() as u64;
        }
        let input = match &path {
            Some(p) => Input::File(p),
            None => Input::Stdin,
        };
        for p in &mut worked.tokens {
            self.token(p, input, base)?;
        }
        // `tail -f app.log | jwtgrant lint --scan -`: what a block held is shown now, not
        // when the output buffer fills
        if stream && !worked.tokens.is_empty() {
            self.reporter.flush(self.out)?;
        }
        Ok(Some(worked))
    }

    /// After an input is read: was there anything to lint at all?
    fn judge_input(&self, input: usize) -> Result<()> {
        let Some(stats) = self.inputs.get(input) else {
            return Ok(());
        };
        let name = stats.name();
        let scan = stats.scan;
        if stats.noted > NOTED_EMPTY_LINES as u64 {
            self.out.note(&format!(
                "{name}: {} more lines held no JWT",
                stats.noted - NOTED_EMPTY_LINES as u64
            ));
        }
        if stats.tokens > 0 {
            return Ok(());
        }
        if stats.bytes == 0 {
            if scan {
                self.out.note(&format!("{name} is empty"));
                return Ok(());
            }
            return Err(Hint::new(
                format!("{name} is empty: there is no JWT to lint"),
                "pipe tokens one per line, or pass them as arguments",
            ));
        }
        if stats.binary {
            return Err(Hint::new(
                format!("{name} is not text (binary data) and holds no JWT"),
                "a JWT is ASCII text such as eyJhbGciOi…",
            ));
        }
        if scan {
            self.out.note(&format!("no JWT found in {name}"));
            return Ok(());
        }
        Err(Hint::new(
            format!("no JWT found in {name}"),
            "expected one compact JWT (eyJ….eyJ….sig) or a line of text containing one per line; use --scan for logs",
        ))
    }

    /// Report one token: the reuse check runs here, in input order, on every thread count.
    fn token(&mut self, p: &mut Prepared, input: Input, line_base: usize) -> io::Result<()> {
        if !self.started {
            self.start()?;
        }
        let ordinal = self.summary.tokens + 1;
        if let Some((p, _)) = &p.picked
            && !self.picked.contains(p)
        {
            self.picked.push(*p);
        }
        let found = &mut p.findings;
        if let Some(f) = p
            .reuse
            .and_then(|key| self.seen.check_key(key, &p.token, ordinal))
        {
            found.push(f);
            findings::sort(found);
        }
        self.summary.add(found);
        let linted = Linted {
            ordinal,
            location: Location {
                input,
                line: line_base + p.line,
                place: &p.place,
            },
            token: &p.token,
            role: &p.role,
            findings: found,
            profile: p.picked.as_ref().map(|(p, because)| (*p, because.as_str())),
        };
        self.reporter.token(self.out, &linted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        check: crate::cli::CheckArgs,
    }

    /// A FIFO (like a pipe) may wait for its writer, so the merging thread must not take
    /// its jobs; regular files never wait, so it does.
    #[cfg(unix)]
    #[test]
    fn only_inputs_that_never_wait_let_the_merger_work() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let regular = dir.path().join("log");
        std::fs::write(&regular, "x\n").unwrap();
        let source = |path: &Path| Source::File {
            path: path.to_path_buf(),
            // read and write: opening a FIFO this way does not wait for a writer
            file: std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .unwrap(),
            scan: true,
        };
        let merger_for = |sources: Vec<Source>| {
            let mut inputs = Vec::new();
            jobs(sources, &mut inputs, blocks::Pool::default()).1
        };
        assert_eq!(merger_for(vec![source(&regular)]), drive::Merger::AlsoWorks);
        assert_eq!(merger_for(vec![source(&fifo)]), drive::Merger::OnlyMerges);
        assert_eq!(
            merger_for(vec![source(&regular), source(&fifo)]),
            drive::Merger::OnlyMerges
        );
    }

    /// A block's buffer goes back to the pool as soon as the block is linted, not when the
    /// merge reaches it: what the block held has been copied out, and the next read can
    /// use the buffer while the merge catches up.
    #[test]
    fn a_blocks_buffer_is_free_once_it_is_linted() {
        let flags = Flags::parse_from(["lint"]);
        let ctx = crate::lint::Ctx::new(1_764_079_200, 60);
        let seen = JtiSeen::default();
        let linter = Linter::new(&ctx, &flags.check, seen.hasher().clone());
        let pool = blocks::Pool::default();
        let mut buf = b"no token here\n".to_vec();
        buf.reserve(4096);
        let capacity = buf.capacity();
        let block = Block {
            bytes: buf.into(),
            read: 14,
            ..Block::default()
        };
        let done = work_on(&linter, &pool, Job::Block { input: 0, block });
        let Done::Block { worked, .. } = done else {
            panic!("a block's job gives a block's result");
        };
        assert_eq!(worked.lines_without_token, 1);
        assert_eq!(pool.take().capacity(), capacity);
    }
}
