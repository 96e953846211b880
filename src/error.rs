//! The one error type of rule loading and compiling.

use std::fmt;

/// What kind of problem a [`RuleError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The file could not be read.
    Io,
    /// Not valid TOML, or not the shape of a rule pack: an unknown field, a
    /// missing field, a value of the wrong type.
    Syntax,
    /// A malformed regular expression.
    Regex,
    /// An id that is malformed or used twice.
    Id,
    /// A category that is neither in the taxonomy nor declared by the pack.
    Category,
    /// An `@term` that the pack does not define.
    Term,
    /// A `fire` or `clean` example that does not behave as declared.
    Example,
    /// A size limit for untrusted packs was exceeded.
    Limit,
    /// Any other invalid value.
    Invalid,
}

/// A problem in a rule pack, located at the file, line and column where it is.
///
/// `Display` prints `origin:line:column: message`, the form editors and
/// terminals turn into a link.
#[derive(Debug, Clone, thiserror::Error)]
pub struct RuleError {
    kind: RuleErrorKind,
    origin: String,
    line: usize,
    column: usize,
    message: String,
}

impl RuleError {
    pub(crate) fn new(
        kind: RuleErrorKind,
        origin: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> RuleError {
        RuleError {
            kind,
            origin: origin.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> RuleErrorKind {
        self.kind
    }

    /// The file name (or the name given for a pack loaded from a string).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// 1-based line in the pack file (0 when the problem has no place, such
    /// as a file that cannot be read).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.origin, self.line, self.column, self.message
            )
        }
    }
}

/// A problem in a project config (`claimlint.toml`), located at the file,
/// line and column of the value at fault.
///
/// `Display` prints `origin:line:column: message`, as [`RuleError`] does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    origin: String,
    line: usize,
    column: usize,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(
        origin: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            origin: origin.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// The config's name, as given to [`crate::Config::from_toml`].
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// 1-based line of the value at fault.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.message
        )
    }
}
