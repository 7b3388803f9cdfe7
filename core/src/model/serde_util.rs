//! Small serde helpers: omit defaults so exported files and share links stay short, while
//! import (`codec::read`, which holds each field's default) fills them back in: round-trips stay
//! exact.

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

pub(crate) fn is_true(b: &bool) -> bool {
    *b
}

pub(crate) fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}
