//! Running jobs on worker threads and handing their results on in job order.
//!
//! Workers take the next job themselves (numbered under a lock) once they hold a ticket,
//! so no thread hands jobs out, and the tickets bound the jobs in flight: memory stays
//! flat however large the input. The thread that merges the results in order also works
//! when no job can block (parts of regular files): with N threads there are then N, not
//! N + 1, and the merge runs between its own jobs instead of being woken for each result.

use anyhow::Result;
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, mpsc};

/// Whether the merging thread takes jobs too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merger {
    /// It works between merges. Only for jobs that never wait for input: a job it is
    /// working on holds up every result behind it.
    AlsoWorks,
    /// It only merges: some job may wait for input (a pipe), and what was found before
    /// must be reported meanwhile.
    OnlyMerges,
}

/// Run `work` on every job and hand the results to `emit` in job order: on this thread
/// when `threads` is 1, else on `threads` threads, with a bounded number of jobs in
/// flight.
///
/// `emit` may hand back what is left of a result; it is dropped on the thread that made
/// it. glibc's allocator locks a thread's arena to free memory from it, so freeing on the
/// merging thread what a worker allocated would make the two take turns.
pub fn drive<J, D, R>(
    threads: usize,
    merger: Merger,
    jobs: impl Iterator<Item = J> + Send,
    work: impl Fn(J) -> D + Sync,
    mut emit: impl FnMut(D) -> Result<Option<R>>,
) -> Result<()>
where
    J: Send,
    D: Send,
    R: Send,
{
    if threads <= 1 {
        for job in jobs {
            emit(work(job))?;
        }
        return Ok(());
    }
    // A ticket is a job taken and not yet merged: a block being read and linted, or a
    // block's findings waiting for the ones before them. A few a thread, so a worker never
    // waits for the merge to get a turn on a busy core; bounded, so memory stays flat.
    let tickets = Tickets::new((2 * threads + 1).min(threads + 24));
    let jobs = Mutex::new((0u64..).zip(jobs.fuse()));
    let spawned = match merger {
        Merger::AlsoWorks => threads - 1,
        Merger::OnlyMerges => threads,
    };
    std::thread::scope(|s| {
        let (done_tx, done_rx) = mpsc::channel::<(u64, usize, D)>();
        // index 0 is the merging thread's own: what it made it drops itself
        let mut spent_txs = vec![None];
        let (work, jobs, tickets) = (&work, &jobs, &tickets);
        for worker in 1..=spawned {
            let done_tx = done_tx.clone();
            let (spent_tx, spent_rx) = mpsc::channel::<R>();
            spent_txs.push(Some(spent_tx));
            s.spawn(move || {
                // a panic here must not leave the others waiting for tickets (debug
                // builds and tests unwind; release builds abort)
                let _stop = CloseOnDrop(tickets);
                loop {
                    // free what the merge is done with before making more
                    while let Ok(spent) = spent_rx.try_recv() {
                        drop(spent);
                    }
                    if !tickets.take() {
                        break;
                    }
                    let Some((seq, job)) = next_job(jobs) else {
                        break;
                    };
                    if done_tx.send((seq, worker, work(job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let stop = CloseOnDrop(tickets);
        let mut merge = InOrder {
            pending: BTreeMap::new(),
            next: 0,
        };
        let mut exhausted = merger == Merger::OnlyMerges;
        let result = loop {
            while let Ok((seq, worker, done)) = done_rx.try_recv() {
                merge.pending.insert(seq, (worker, done));
            }
            if let Err(err) = merge.emit_ready(&mut emit, &spent_txs, tickets) {
                break Err(err);
            }
            if !exhausted && tickets.try_take() {
                match next_job(jobs) {
                    Some((seq, job)) => {
                        merge.pending.insert(seq, (0, work(job)));
                        continue;
                    }
                    None => {
                        tickets.give();
                        exhausted = true;
                    }
                }
            }
            // nothing to do but wait for a worker; when none is left, every result is in
            match done_rx.recv() {
                Ok((seq, worker, done)) => {
                    merge.pending.insert(seq, (worker, done));
                }
                Err(_) => break Ok(()),
            }
        };
        // On an error, workers stop at their next ticket or their next result; the scope
        // then joins them.
        drop(stop);
        drop(done_rx);
        result
    })
}

/// Stops the run when dropped, however the thread holding it ends.
struct CloseOnDrop<'a>(&'a Tickets);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

fn next_job<J>(jobs: &Mutex<impl Iterator<Item = (u64, J)>>) -> Option<(u64, J)> {
    jobs.lock().ok().and_then(|mut jobs| jobs.next())
}

/// Results that came in out of order, until the ones before them are emitted.
struct InOrder<D> {
    pending: BTreeMap<u64, (usize, D)>,
    next: u64,
}

impl<D> InOrder<D> {
    /// Emit every result that is next in order, hand what is left of each to the thread
    /// that made it, and give back a ticket for each.
    fn emit_ready<R>(
        &mut self,
        emit: &mut impl FnMut(D) -> Result<Option<R>>,
        spent_txs: &[Option<mpsc::Sender<R>>],
        tickets: &Tickets,
    ) -> Result<()> {
        while let Some((worker, done)) = self.pending.remove(&self.next) {
            self.next += 1;
            let spent = emit(done)?;
            if let (Some(spent), Some(Some(tx))) = (spent, spent_txs.get(worker)) {
                // a worker that has stopped: the value comes back and is dropped here
                let _ = tx.send(spent);
            }
            tickets.give();
        }
        Ok(())
    }
}

/// A count of jobs that may still be taken, and whether the run has stopped.
struct Tickets {
    state: Mutex<TicketState>,
    freed: Condvar,
}

struct TicketState {
    free: usize,
    closed: bool,
    waiting: usize,
}

impl Tickets {
    fn new(free: usize) -> Tickets {
        Tickets {
            state: Mutex::new(TicketState {
                free,
                closed: false,
                waiting: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// Wait for a ticket; false once the run has stopped.
    fn take(&self) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        while state.free == 0 && !state.closed {
            state.waiting += 1;
            state = match self.freed.wait(state) {
                Ok(state) => state,
                Err(_) => return false,
            };
            state.waiting -= 1;
        }
        if state.closed {
            return false;
        }
        state.free -= 1;
        true
    }

    /// A ticket if one is free now.
    fn try_take(&self) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        if state.free == 0 || state.closed {
            return false;
        }
        state.free -= 1;
        true
    }

    fn give(&self) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.free += 1;
        // a wake-up only when someone sleeps: most tickets come back to no one waiting
        if state.waiting > 0 {
            self.freed.notify_one();
        }
    }

    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
        }
        self.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Wait (at most ten seconds) until `seen` holds `n` things: job 0 holds its thread
    /// here until others have started, so a test does not depend on how soon they do.
    fn wait_until<T>(seen: &Mutex<std::collections::HashSet<T>>, n: usize) {
        for _ in 0..10_000 {
            if seen.lock().unwrap().len() >= n {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("the other threads never started a job");
    }

    /// Every job's result, in job order, whatever the thread count, the merger's role and
    /// however long each job takes.
    #[test]
    fn results_come_in_job_order() {
        for threads in [1, 2, 3, 8] {
            for merger in [Merger::AlsoWorks, Merger::OnlyMerges] {
                let mut got = Vec::new();
                drive(
                    threads,
                    merger,
                    0..200u64,
                    |n| {
                        // later jobs often finish first
                        if n % 7 == 0 {
                            std::thread::sleep(Duration::from_micros(300));
                        }
                        n * 3
                    },
                    |d| {
                        got.push(d);
                        Ok(None::<()>)
                    },
                )
                .unwrap();
                let want: Vec<u64> = (0..200).map(|n| n * 3).collect();
                assert_eq!(got, want, "{threads} threads, {merger:?}");
            }
        }
    }

    /// Jobs taken but not yet emitted never exceed the tickets, so memory stays bounded
    /// even when the first job is by far the slowest.
    #[test]
    fn jobs_in_flight_are_bounded() {
        for merger in [Merger::AlsoWorks, Merger::OnlyMerges] {
            let started = AtomicUsize::new(0);
            let taken = Mutex::new(std::collections::HashSet::new());
            let mut emitted = 0usize;
            let mut most = 0usize;
            drive(
                2,
                merger,
                0..100u64,
                |n| {
                    started.fetch_add(1, Ordering::SeqCst);
                    taken.lock().unwrap().insert(n);
                    if n == 0 {
                        // the first job is the slowest: the others pile up behind it
                        wait_until(&taken, 2);
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    n
                },
                |_| {
                    emitted += 1;
                    most = most.max(started.load(Ordering::SeqCst) - (emitted - 1));
                    Ok(None::<()>)
                },
            )
            .unwrap();
            assert_eq!(emitted, 100);
            assert!(most <= 5, "{most} jobs in flight with {merger:?}");
            assert!(
                most >= 2,
                "{merger:?}: the workers did not run side by side"
            );
        }
    }

    /// An error from `emit` stops the run: it is returned, nothing after it is emitted,
    /// and the workers stop taking jobs soon after.
    #[test]
    fn an_error_stops_the_run() {
        for merger in [Merger::AlsoWorks, Merger::OnlyMerges] {
            let taken = AtomicUsize::new(0);
            let mut emitted = Vec::new();
            let result = drive(
                2,
                merger,
                0..10_000u64,
                |n| {
                    taken.fetch_add(1, Ordering::SeqCst);
                    n
                },
                |n| {
                    if n == 10 {
                        anyhow::bail!("stop at {n}");
                    }
                    emitted.push(n);
                    Ok(None::<()>)
                },
            );
            assert_eq!(result.unwrap_err().to_string(), "stop at 10");
            assert_eq!(emitted, (0..10).collect::<Vec<u64>>());
            assert!(taken.load(Ordering::SeqCst) < 100, "{merger:?}");
        }
    }

    /// A job that panics ends the run with that panic instead of leaving the other
    /// threads waiting for tickets forever (tests and debug builds unwind).
    #[test]
    fn a_panicking_job_ends_the_run() {
        for merger in [Merger::AlsoWorks, Merger::OnlyMerges] {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let run = std::panic::catch_unwind(|| {
                    drive(
                        2,
                        merger,
                        0..1_000u64,
                        |n| {
                            assert_ne!(n, 3, "job 3 fails");
                            std::thread::sleep(Duration::from_micros(100));
                            n
                        },
                        |_| Ok(None::<()>),
                    )
                });
                let _ = tx.send(run.is_err());
            });
            let ended = rx.recv_timeout(Duration::from_secs(20));
            assert_eq!(
                ended,
                Ok(true),
                "{merger:?}: the run did not end with the panic"
            );
        }
    }

    /// What `emit` hands back is dropped on the thread that made the result.
    #[test]
    fn what_is_left_is_dropped_where_it_was_made() {
        struct Made(std::thread::ThreadId, std::sync::Arc<AtomicUsize>);
        impl Drop for Made {
            fn drop(&mut self) {
                if self.0 != std::thread::current().id() {
                    self.1.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
        for merger in [Merger::AlsoWorks, Merger::OnlyMerges] {
            let elsewhere = std::sync::Arc::new(AtomicUsize::new(0));
            let makers = Mutex::new(std::collections::HashSet::new());
            drive(
                2,
                merger,
                0..300u64,
                |n| {
                    let me = std::thread::current().id();
                    makers.lock().unwrap().insert(me);
                    if n == 0 {
                        wait_until(&makers, 2);
                    }
                    Made(me, elsewhere.clone())
                },
                |made| Ok(Some(made)),
            )
            .unwrap();
            // only what comes back after its worker stopped (at most its jobs in flight)
            let elsewhere = elsewhere.load(Ordering::SeqCst);
            assert!(
                elsewhere <= 10,
                "{elsewhere} of 300 dropped elsewhere, {merger:?}"
            );
            assert_eq!(makers.lock().unwrap().len(), 2, "{merger:?}");
        }
    }

    /// With `Merger::AlsoWorks` the merging thread takes jobs too: two threads in all, not
    /// three. With `Merger::OnlyMerges` it takes none.
    #[test]
    fn the_merger_works_only_when_told() {
        for (merger, merger_works) in [(Merger::AlsoWorks, true), (Merger::OnlyMerges, false)] {
            let merging = std::thread::current().id();
            let threads = Mutex::new(std::collections::HashSet::new());
            drive(
                2,
                merger,
                0..400u64,
                |n| {
                    threads.lock().unwrap().insert(std::thread::current().id());
                    if n == 0 {
                        wait_until(&threads, 2);
                    }
                    n
                },
                |_| Ok(None::<()>),
            )
            .unwrap();
            let threads = threads.lock().unwrap();
            assert_eq!(threads.contains(&merging), merger_works, "{merger:?}");
            assert_eq!(threads.len(), 2, "{merger:?}: {threads:?}");
        }
    }
}
