//! claimlint
