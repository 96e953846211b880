//! What stands in front of the handlers: the bearer token, the limit on
//! API requests in progress, and the request timeout.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::Service;

/// The secret of `--token-file`.
pub struct Token(Vec<u8>);

impl Token {
    /// The file's content, without surrounding whitespace (the newline an
    /// editor or `echo` leaves).
    pub fn read(path: &Path) -> Result<Token> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the token file", path.display()))?;
        let token = text.trim();
        if token.is_empty() {
            bail!("{}: the token file is empty", path.display());
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            bail!(
                "{}: a token is one line of visible ASCII characters (no spaces), as an HTTP header carries it",
                path.display()
            );
        }
        Ok(Token(token.as_bytes().to_vec()))
    }

    /// Whether the `Authorization` header carries this token. The compare
    /// takes the same time wherever the two differ, so the response time
    /// does not leak how much of a guess was right.
    fn admits(&self, authorization: Option<&header::HeaderValue>) -> bool {
        let Some(sent) = authorization.and_then(|v| v.as_bytes().strip_prefix(b"Bearer ")) else {
            return false;
        };
        sent.ct_eq(&self.0).into()
    }
}

/// Every `/v1` request: the token, when one is set, then a permit (waiting
/// for one while `--max-concurrent` requests are in progress).
pub async fn api(State(service): State<Arc<Service>>, request: Request, next: Next) -> Response {
    if let Some(token) = &service.token {
        if !token.admits(request.headers().get(header::AUTHORIZATION)) {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "send the server's token as the header Authorization: Bearer TOKEN",
            )
            .into_response();
        }
    }
    let Ok(_permit) = service.permits.acquire().await else {
        // The semaphore is never closed; answer rather than assume it.
        return ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
            .into_response();
    };
    next.run(request).await
}

/// Every request, from its arrival (its body still to read) to the answer:
/// a client that sends slowly, or copy that takes too long, gets 408
/// rather than holding a connection and a permit.
pub async fn timeout(
    State(service): State<Arc<Service>>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(service.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request took longer than {} s (serve --timeout)",
                service.timeout.as_secs()
            ),
        )
        .into_response(),
    }
}
