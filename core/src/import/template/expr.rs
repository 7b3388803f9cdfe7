//! The template expression language: parsing `[...]` strings into a small syntax tree.
//!
//! Grammar (<https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions>):
//! an expression is a literal (`'text'` with `''` for a quote, an integer, `true`/`false`/`null`)
//! or a function call `name(arg, …)` (also `namespace.name(…)` for user-defined functions),
//! followed by any number of property accesses `.x` and indexes `[e]`. A JSON string is an
//! expression when it starts with `[` and ends with `]`; a leading `[[` escapes the bracket.
//! Parsing is bounded: the text length and the nesting depth are capped.

use super::limits;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    /// `name` is lowercase (function names are case-insensitive); `namespace` for user functions.
    Call {
        namespace: Option<String>,
        name: String,
        args: Vec<Expr>,
    },
    Member(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
}

/// What a JSON string is to the template language.
#[derive(Debug, PartialEq)]
pub(crate) enum Text<'a> {
    /// A plain string (an escaped `[[…` already has its first bracket removed).
    Literal(std::borrow::Cow<'a, str>),
    /// The text between the outer brackets.
    Expression(&'a str),
}

pub(crate) fn classify(s: &str) -> Text<'_> {
    if let Some(rest) = s.strip_prefix("[[") {
        return Text::Literal(format!("[{rest}").into());
    }
    match s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(inner) => Text::Expression(inner),
        None => Text::Literal(s.into()),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Str(String),
    Int(i64),
    Float(f64),
    Ident(String),
    Open,
    Close,
    Comma,
    Dot,
    LBracket,
    RBracket,
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    if text.len() > limits::MAX_EXPRESSION {
        return Err(format!("expression longer than {} characters", limits::MAX_EXPRESSION));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | ',' | '.' | '[' | ']' => {
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    ',' => Token::Comma,
                    '.' => Token::Dot,
                    '[' => Token::LBracket,
                    _ => Token::RBracket,
                });
                i += 1;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("a string literal is not closed".into()),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Token::Str(s));
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                let start = i;
                i += 1;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
                let mut float = false;
                if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                    float = true;
                    i += 1;
                    while chars.get(i).is_some_and(char::is_ascii_digit) {
                        i += 1;
                    }
                }
                let lexeme: String = chars[start..i].iter().collect();
                if float {
                    out.push(Token::Float(lexeme.parse().map_err(|_| format!("bad number {lexeme}"))?));
                } else {
                    out.push(Token::Int(lexeme.parse().map_err(|_| format!("integer out of range: {lexeme}"))?));
                }
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let start = i;
                while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '$') {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected character '{other}'")),
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expect(&mut self, want: Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(t) if t == want => Ok(()),
            Some(t) => Err(format!("expected {what}, found {t:?}")),
            None => Err(format!("expected {what}, found the end")),
        }
    }

    fn expression(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > limits::MAX_DEPTH {
            return Err(format!("expression nested deeper than {}", limits::MAX_DEPTH));
        }
        let mut e = self.primary()?;
        loop {
            match self.peek() {
                Some(Token::Dot) => {
                    self.at += 1;
                    match self.next() {
                        Some(Token::Ident(name)) => e = Expr::Member(Box::new(e), name),
                        _ => return Err("expected a property name after '.'".into()),
                    }
                }
                Some(Token::LBracket) => {
                    self.at += 1;
                    let index = self.expression()?;
                    self.expect(Token::RBracket, "']'")?;
                    e = Expr::Index(Box::new(e), Box::new(index));
                }
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Str(s)) => Ok(Expr::Str(s)),
            Some(Token::Int(n)) => Ok(Expr::Int(n)),
            Some(Token::Float(f)) => Ok(Expr::Float(f)),
            Some(Token::Ident(name)) => {
                if self.peek() == Some(&Token::Open) {
                    let args = self.arguments()?;
                    return Ok(Expr::Call { namespace: None, name: name.to_ascii_lowercase(), args });
                }
                // `namespace.function(…)`: a user-defined function.
                if self.peek() == Some(&Token::Dot)
                    && matches!(self.tokens.get(self.at + 1), Some(Token::Ident(_)))
                    && self.tokens.get(self.at + 2) == Some(&Token::Open)
                {
                    self.at += 1;
                    let Some(Token::Ident(function)) = self.next() else {
                        return Err("expected a function name".into());
                    };
                    let args = self.arguments()?;
                    return Ok(Expr::Call {
                        namespace: Some(name.to_ascii_lowercase()),
                        name: function.to_ascii_lowercase(),
                        args,
                    });
                }
                match name.to_ascii_lowercase().as_str() {
                    "true" => Ok(Expr::Bool(true)),
                    "false" => Ok(Expr::Bool(false)),
                    "null" => Ok(Expr::Null),
                    _ => Err(format!("'{name}' is not a function call or a literal")),
                }
            }
            Some(t) => Err(format!("unexpected {t:?}")),
            None => Err("empty expression".into()),
        }
    }

    fn arguments(&mut self) -> Result<Vec<Expr>, String> {
        self.expect(Token::Open, "'('")?;
        let mut args = Vec::new();
        if self.peek() == Some(&Token::Close) {
            self.at += 1;
            return Ok(args);
        }
        loop {
            args.push(self.expression()?);
            match self.next() {
                Some(Token::Comma) => continue,
                Some(Token::Close) => return Ok(args),
                _ => return Err("expected ',' or ')' in an argument list".into()),
            }
        }
    }
}

/// Parses the text between an expression's outer brackets.
pub(crate) fn parse(text: &str) -> Result<Expr, String> {
    let tokens = tokenize(text)?;
    let mut p = Parser { tokens, at: 0, depth: 0 };
    let e = p.expression()?;
    if p.at < p.tokens.len() {
        return Err(format!("unexpected {:?} after the expression", p.tokens[p.at]));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: Vec<Expr>) -> Expr {
        Expr::Call { namespace: None, name: name.into(), args }
    }

    #[test]
    fn brackets_escapes_and_literals() {
        assert_eq!(classify("[[not]"), Text::Literal("[not]".into()));
        assert_eq!(classify("plain"), Text::Literal("plain".into()));
        assert_eq!(classify("[x()]"), Text::Expression("x()"));
    }

    #[test]
    fn calls_members_and_indexes() {
        let e = parse("concat('it''s', parameters('p').a[0], -3)").unwrap();
        assert_eq!(
            e,
            call(
                "concat",
                vec![
                    Expr::Str("it's".into()),
                    Expr::Index(
                        Box::new(Expr::Member(Box::new(call("parameters", vec![Expr::Str("p".into())])), "a".into())),
                        Box::new(Expr::Int(0))
                    ),
                    Expr::Int(-3),
                ]
            )
        );
        assert_eq!(
            parse("__bicep.f(1)").unwrap(),
            Expr::Call { namespace: Some("__bicep".into()), name: "f".into(), args: vec![Expr::Int(1)] }
        );
        assert_eq!(parse("ToLower('A')").unwrap(), call("tolower", vec![Expr::Str("A".into())]));
    }

    #[test]
    fn errors_not_panics() {
        for bad in ["", "concat(", "'open", "a b", "f(,)", "x.", "f()]", "#", "f(1)(2)"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = format!("{}1{}", "f(".repeat(500), ")".repeat(500));
        assert!(parse(&deep).is_err());
    }
}
