//! Completion scripts and man pages, generated from the clap definition.
//! Hidden subcommands are left out of both (clap_complete would otherwise offer them).

use crate::cli::Cli;
use clap::{Command, CommandFactory};
use clap_complete::Shell;

pub const BIN: &str = "jwtgrant";

/// The CLI as users see it: hidden subcommands removed. clap has no "remove subcommand",
/// so the root is rebuilt and only the visible subcommands are added back.
pub fn visible_command() -> Command {
    let mut full = Cli::command();
    // Subcommands are deferred for start-up speed; generation needs them complete.
    full.build();
    let visible: Vec<Command> = full
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .cloned()
        .collect();
    strip_subcommands(full).subcommands(visible)
}

fn strip_subcommands(cmd: Command) -> Command {
    let mut bare = Command::new(cmd.get_name().to_string());
    if let Some(v) = cmd.get_version() {
        bare = bare.version(v.to_string());
    }
    if let Some(a) = cmd.get_about() {
        bare = bare.about(a.clone());
    }
    if let Some(a) = cmd.get_long_about() {
        bare = bare.long_about(a.clone());
    }
    if let Some(h) = cmd.get_after_help() {
        bare = bare.after_help(h.clone());
    }
    if let Some(h) = cmd.get_after_long_help() {
        bare = bare.after_long_help(h.clone());
    }
    // help/version were added by build(); the rebuilt command adds its own.
    let args = cmd
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .cloned();
    bare.args(args)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .propagate_version(true)
        .max_term_width(100)
}

pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = visible_command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    buf
}

/// (file name, roff) for jwtgrant.1 and one page per visible subcommand, nested ones
/// included (jwtgrant-key-new.1).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = visible_command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    let mut root = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut root)?;
    pages.push((format!("{BIN}.1"), root));
    add_subcommand_pages(&cmd, BIN, &mut pages)?;
    Ok(pages)
}

fn add_subcommand_pages(
    parent: &Command,
    prefix: &str,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> std::io::Result<()> {
    for sub in parent
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("{prefix}-{}", sub.get_name());
        let page_cmd = sub.clone().name(name.clone()).disable_help_subcommand(true);
        let mut page = Vec::new();
        clap_mangen::Man::new(page_cmd).render(&mut page)?;
        pages.push((format!("{name}.1"), page));
        add_subcommand_pages(sub, &name, pages)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_subcommands_are_not_generated() {
        let cmd = visible_command();
        assert!(cmd.find_subcommand("bench").is_none());
        assert!(cmd.find_subcommand("decode").is_some());
        let bash = String::from_utf8(completion(Shell::Bash)).unwrap();
        assert!(bash.contains("decode") && !bash.contains("bench"));
        let pages = man_pages().unwrap();
        assert!(pages.iter().any(|(n, _)| n == "jwtgrant-decode.1"));
        assert!(pages.iter().any(|(n, _)| n == "jwtgrant-key-new.1"));
        assert!(!pages.iter().any(|(n, _)| n.ends_with("-help.1")));
        assert!(!pages.iter().any(|(n, _)| n.contains("bench")));
    }
}
