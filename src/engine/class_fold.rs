//! Case-insensitive character classes, folded before the regex parser sees
//! them.
//!
//! Patterns are case-insensitive, and `regex-syntax` folds a character class
//! by visiting every code point in it: `[^\S\n]` ("a space, not a line
//! break", common in the built-in packs) folds the million code points of
//! `[\S\n]` and costs about 10 ms each time it is parsed, so a pack of a few
//! dozen such patterns took half a minute to compile, and a hostile 2 kB
//! pattern made of them costs seconds. Only a few thousand code points have a
//! case variant at all, so [`prefold`] folds just those, once, and writes each
//! class back inside `(?-i:…)`, which the parser takes as it is: as written
//! when folding does not change it (`[\w-]`, `[^.!?\n]`, `\pL`), else as an
//! explicit, already folded class. The rewritten pattern means exactly what
//! the original means: the tests compare the parser's output for both.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::OnceLock;

use regex_syntax::ast::{
    self, Ast, ClassAscii, ClassBracketed, ClassSet, ClassSetBinaryOpKind, ClassSetItem,
    ClassUnicodeKind, ClassUnicodeOpKind,
};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// A pattern whose classes are folded already, and its cost.
#[derive(Clone)]
pub(crate) struct Folded {
    /// The pattern, each class that case-insensitive matching would fold in
    /// `(?-i:…)`.
    pub(crate) pattern: String,
    /// The length of the pattern with every folded class spelled out, code
    /// point range by code point range: what the pack's compiled-bytes cap
    /// counts. A class kept as written (`\pL`) is as large once parsed.
    pub(crate) spelled_len: usize,
}

/// `pattern` with every character class that case-insensitive matching would
/// fold replaced by its folded form in `(?-i:…)`; `None` when the pattern
/// does not parse (the caller's own parse reports why).
///
/// A class that folding leaves as it is keeps its own short spelling: the
/// built-in packs' `[\w-]` spelled out is 10 kB, which the regex parser
/// would read again for every pattern that holds it.
pub(crate) fn prefold(pattern: &str, nest_limit: u32, cache: &mut FoldCache) -> Option<Folded> {
    let ast = ast::parse::ParserBuilder::new()
        .nest_limit(nest_limit)
        .build()
        .parse(pattern)
        .ok()?;
    let mut folded = Vec::new();
    let mut flags = Flags {
        case_insensitive: true,
        unicode: true,
        ignore_whitespace: false,
    };
    collect(pattern, &ast, &mut flags, cache, &mut folded)?;
    let mut out = String::with_capacity(pattern.len() + 32 * folded.len());
    let mut spelled_len = pattern.len();
    let mut last = 0;
    for (span, class) in folded {
        out.push_str(&pattern[last..span.start]);
        spelled_len = spelled_len - span.len() + class.spelled.len();
        if class.as_written {
            out.push_str("(?-i:");
            out.push_str(&pattern[span.clone()]);
            out.push(')');
        } else {
            out.push_str(&class.spelled);
        }
        last = span.end;
    }
    out.push_str(&pattern[last..]);
    Some(Folded {
        pattern: out,
        spelled_len,
    })
}

/// The classes folded so far, by their text (and whether whitespace in
/// them is ignored, `(?x)`): the built-in packs write `[ \t\xA0]` and
/// `[a-z0-9_]` thousands of times, and folding each anew was three
/// quarters of the time it takes to load them.
#[derive(Default)]
pub(crate) struct FoldCache([HashMap<String, Rc<Rendered>>; 2]);

impl FoldCache {
    /// The class written `text`, folded by `fold` the first time it is seen.
    fn get(
        &mut self,
        text: &str,
        flags: &Flags,
        fold: impl FnOnce() -> Option<(ClassUnicode, ClassUnicode)>,
    ) -> Option<Rc<Rendered>> {
        let known = &mut self.0[flags.ignore_whitespace as usize];
        if let Some(rendered) = known.get(text) {
            return Some(rendered.clone());
        }
        let (folded, written) = fold()?;
        let mut spelled = String::new();
        write_class(&mut spelled, &folded);
        let rendered = Rc::new(Rendered {
            as_written: folded == written,
            spelled,
        });
        known.insert(text.to_string(), rendered.clone());
        Some(rendered)
    }
}

/// How a folded class is written back: as written, inside `(?-i:…)`, when
/// folding does not change it, else spelled out.
#[derive(Clone)]
struct Rendered {
    as_written: bool,
    /// The folded class, code point range by code point range.
    spelled: String,
}

/// The flags that decide whether the parser folds a class.
#[derive(Clone, Copy)]
struct Flags {
    case_insensitive: bool,
    unicode: bool,
    /// `(?x)`: the same text is then another class.
    ignore_whitespace: bool,
}

impl Flags {
    /// Apply `(?flags)` as the parser does: later items win, `-` negates.
    fn apply(&mut self, flags: &ast::Flags) {
        let mut enable = true;
        for item in &flags.items {
            match item.kind {
                ast::FlagsItemKind::Negation => enable = false,
                ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive) => {
                    self.case_insensitive = enable;
                }
                ast::FlagsItemKind::Flag(ast::Flag::Unicode) => self.unicode = enable,
                ast::FlagsItemKind::Flag(ast::Flag::IgnoreWhitespace) => {
                    self.ignore_whitespace = enable;
                }
                ast::FlagsItemKind::Flag(_) => {}
            }
        }
    }
}

/// Walk the pattern in the parser's order, tracking flags the way it does (a
/// group restores the flags it started with), and fold every outermost class
/// in case-insensitive Unicode mode. Byte classes (`(?-u)`) fold only ASCII
/// and are cheap already; Perl classes (`\w`) are closed under folding.
fn collect(
    pattern: &str,
    ast: &Ast,
    flags: &mut Flags,
    cache: &mut FoldCache,
    out: &mut Vec<(Range<usize>, Rc<Rendered>)>,
) -> Option<()> {
    match ast {
        Ast::Flags(set) => flags.apply(&set.flags),
        Ast::Group(group) => {
            let saved = *flags;
            if let Some(f) = group.flags() {
                flags.apply(f);
            }
            collect(pattern, &group.ast, flags, cache, out)?;
            *flags = saved;
        }
        Ast::Repetition(rep) => collect(pattern, &rep.ast, flags, cache, out)?,
        Ast::Alternation(alt) => {
            for a in &alt.asts {
                collect(pattern, a, flags, cache, out)?;
            }
        }
        Ast::Concat(concat) => {
            for a in &concat.asts {
                collect(pattern, a, flags, cache, out)?;
            }
        }
        Ast::ClassBracketed(class) if flags.case_insensitive && flags.unicode => {
            let range = span(&class.span);
            let rendered = cache.get(&pattern[range.clone()], flags, || {
                Some((bracketed(pattern, class)?, exact(pattern, ast)?))
            })?;
            out.push((range, rendered));
        }
        Ast::ClassUnicode(class) if flags.case_insensitive && flags.unicode => {
            let range = span(&class.span);
            let rendered = cache.get(&pattern[range.clone()], flags, || {
                Some((unicode(pattern, class)?, exact(pattern, ast)?))
            })?;
            out.push((range, rendered));
        }
        _ => {}
    }
    Some(())
}

fn span(s: &ast::Span) -> Range<usize> {
    s.start.offset..s.end.offset
}

/// `[...]`: fold the members, then negate (the parser's order).
fn bracketed(pattern: &str, class: &ClassBracketed) -> Option<ClassUnicode> {
    let mut set = class_set(pattern, &class.kind)?;
    fold(&mut set)?;
    if class.negated {
        set.negate();
    }
    Some(set)
}

fn class_set(pattern: &str, set: &ClassSet) -> Option<ClassUnicode> {
    match set {
        ClassSet::Item(item) => class_item(pattern, item),
        ClassSet::BinaryOp(op) => {
            let mut lhs = class_set(pattern, &op.lhs)?;
            let mut rhs = class_set(pattern, &op.rhs)?;
            fold(&mut lhs)?;
            fold(&mut rhs)?;
            match op.kind {
                ClassSetBinaryOpKind::Intersection => lhs.intersect(&rhs),
                ClassSetBinaryOpKind::Difference => lhs.difference(&rhs),
                ClassSetBinaryOpKind::SymmetricDifference => lhs.symmetric_difference(&rhs),
            }
            Some(lhs)
        }
    }
}

fn class_item(pattern: &str, item: &ClassSetItem) -> Option<ClassUnicode> {
    let single = |start: char, end: char| ClassUnicode::new([ClassUnicodeRange::new(start, end)]);
    Some(match item {
        ClassSetItem::Empty(_) => ClassUnicode::empty(),
        ClassSetItem::Literal(lit) => single(lit.c, lit.c),
        ClassSetItem::Range(range) => single(range.start.c, range.end.c),
        ClassSetItem::Ascii(ascii) => {
            let positive = ClassAscii {
                negated: false,
                ..ascii.clone()
            };
            let mut set = exact(
                pattern,
                &Ast::class_bracketed(ClassBracketed {
                    span: ascii.span,
                    negated: false,
                    kind: ClassSet::Item(ClassSetItem::Ascii(positive)),
                }),
            )?;
            fold(&mut set)?;
            if ascii.negated {
                set.negate();
            }
            set
        }
        ClassSetItem::Unicode(class) => unicode(pattern, class)?,
        ClassSetItem::Perl(perl) => exact(pattern, &Ast::class_perl(perl.clone()))?,
        ClassSetItem::Bracketed(class) => bracketed(pattern, class)?,
        ClassSetItem::Union(union) => {
            let mut set = ClassUnicode::empty();
            for item in &union.items {
                set.union(&class_item(pattern, item)?);
            }
            set
        }
    })
}

/// `\p{...}`: the property's code points, folded, then negated.
fn unicode(pattern: &str, class: &ast::ClassUnicode) -> Option<ClassUnicode> {
    let mut positive = class.clone();
    positive.negated = false;
    if let ClassUnicodeKind::NamedValue { op, .. } = &mut positive.kind {
        if *op == ClassUnicodeOpKind::NotEqual {
            *op = ClassUnicodeOpKind::Equal;
        }
    }
    let mut set = exact(pattern, &Ast::class_unicode(positive))?;
    fold(&mut set)?;
    if class.is_negated() {
        set.negate();
    }
    Some(set)
}

/// The class an AST stands for, case-sensitively (no folding to pay for).
fn exact(pattern: &str, ast: &Ast) -> Option<ClassUnicode> {
    let hir = hir::translate::TranslatorBuilder::new()
        .case_insensitive(false)
        .build()
        .translate(pattern, ast)
        .ok()?;
    as_class(&hir)
}

/// A class HIR (which the parser turns into a literal when it holds one
/// code point, and into an empty byte class when it holds none).
fn as_class(hir: &Hir) -> Option<ClassUnicode> {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => Some(c.clone()),
        HirKind::Class(Class::Bytes(b)) if b.ranges().is_empty() => Some(ClassUnicode::empty()),
        HirKind::Literal(lit) => {
            let c = std::str::from_utf8(&lit.0).ok()?.chars().next()?;
            Some(ClassUnicode::new([ClassUnicodeRange::new(c, c)]))
        }
        _ => None,
    }
}

/// Simple case folding, as `ClassUnicode::case_fold_simple` does it, but
/// visiting only the code points that have a case variant.
/// `None` only without Unicode case data, when the parser would refuse the
/// pattern too.
fn fold(set: &mut ClassUnicode) -> Option<()> {
    let mut cased = set.clone();
    cased.intersect(cased_chars()?);
    cased.try_case_fold_simple().ok()?;
    set.union(&cased);
    Some(())
}

/// Every code point with a case mapping (Unicode's `Changes_When_Casemapped`):
/// a superset of those with a simple case folding (a test checks this
/// against `regex-syntax`'s tables). Read from the parser's property tables:
/// testing every code point's case mappings took 20 ms, the whole first load
/// of the built-in packs over again.
fn cased_chars() -> Option<&'static ClassUnicode> {
    static CASED: OnceLock<Option<ClassUnicode>> = OnceLock::new();
    CASED
        .get_or_init(|| {
            let hir = regex_syntax::Parser::new()
                .parse(r"\p{Changes_When_Casemapped}")
                .ok()?;
            as_class(&hir)
        })
        .as_ref()
}

/// Write a class as `(?-i:[...])` with every code point in hex, so no
/// character is special whatever the surrounding flags (`(?x)` included).
fn write_class(out: &mut String, class: &ClassUnicode) {
    use std::fmt::Write;
    out.push_str("(?-i:[");
    if class.ranges().is_empty() {
        out.push_str(r"^\x{0}-\x{10FFFF}");
    }
    for r in class.ranges() {
        let (start, end) = (u32::from(r.start()), u32::from(r.end()));
        if start == end {
            let _ = write!(out, r"\x{{{start:X}}}");
        } else {
            let _ = write!(out, r"\x{{{start:X}}}-\x{{{end:X}}}");
        }
    }
    out.push_str("])");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap()
    }

    /// The rewritten pattern parses to exactly what the original parses to.
    fn assert_same(pattern: &str, cache: &mut FoldCache) {
        let rewritten = prefold(pattern, 64, cache).expect("parses").pattern;
        assert_eq!(
            parse(&rewritten),
            parse(pattern),
            "{pattern} -> {rewritten}"
        );
    }

    #[test]
    fn folded_classes_mean_what_the_parser_makes_of_them() {
        // One cache for all, and every pattern twice: a class folded for
        // one pattern is the same class in the next.
        let mut cache = FoldCache::default();
        let patterns = [
            r"[^\S\n]+",
            r"[a-z]",
            "[^a]",
            r"[\w,-]+",
            r"\pL",
            r"\PL",
            r"\p{Greek}",
            r"\p{sc!=Greek}",
            r"\P{sc!=Greek}",
            "[[:alpha:][:^digit:]]",
            "[^[:^upper:]]",
            "[a-z&&[^aeiou]]",
            "[a[^b]]",
            r"[\pL--[a-z]]",
            "[a~~[a-c]]",
            "[k]",
            "[ſ]",
            "[ǅ]",
            r"[\s\S]",
            r"[^\s\S]",
            r"[\x{10000}-\x{10FFFF}]",
            "[-]",
            "[]a]",
            "(?-i)[a-z]x[A-Z]",
            "a(?-i)[a-z]|[b-c]",
            "(?-i:[a-z])[a-z]",
            "((?-i)[a-z])[a-z]",
            "(?-u:[a-z])",
            r"(?x) [ a - z ] # comment [x]",
            r"(?i-u)[a-z](?u)[a-z]",
            r"\b[a-z]{0,3}\d+[¹²³]",
            r"['’]",
            // The same text, another class where whitespace is ignored.
            "[a b]",
            "(?x)[a b]",
            "[a b]",
        ];
        for p in patterns.iter().chain(&patterns) {
            assert_same(p, &mut cache);
        }
    }

    #[test]
    fn every_code_point_with_a_simple_case_folding_has_a_case_mapping() {
        // If a code point outside `cased_chars` folded to anything, folding
        // the class of all such code points would add that image.
        let mut caseless = cased_chars().expect("Unicode data").clone();
        caseless.negate();
        let mut folded = caseless.clone();
        folded.case_fold_simple();
        assert_eq!(folded, caseless);
    }

    #[test]
    fn classes_that_folding_leaves_alone_keep_their_spelling_but_cost_it() {
        let folded =
            prefold(r"x[\w-]+[a-z][^.!?]\pN", 64, &mut FoldCache::default()).expect("parses");
        assert!(
            folded
                .pattern
                .starts_with(r"x(?-i:[\w-])+(?-i:[\x{41}-\x{5A}\x{61}-\x{7A}\x{17F}\x{212A}])"),
            "{}",
            folded.pattern
        );
        assert!(
            folded.pattern.ends_with(r"(?-i:[^.!?])(?-i:\pN)"),
            "{}",
            folded.pattern
        );
        assert!(folded.spelled_len > 10_000, "{}", folded.spelled_len);
        assert_same(r"x[\w-]+[a-z][^.!?]\pN", &mut FoldCache::default());
        let plain = prefold("plain", 64, &mut FoldCache::default()).expect("parses");
        assert_eq!((plain.pattern.as_str(), plain.spelled_len), ("plain", 5));
    }

    #[test]
    fn invalid_patterns_are_left_to_the_parser() {
        assert!(prefold("[a", 64, &mut FoldCache::default()).is_none());
        assert!(prefold(r"\p{Bogus}", 64, &mut FoldCache::default()).is_none());
    }
}
