//! Errors as the API answers them: a status and a JSON body saying what was
//! wrong in words a CMS developer can act on, never a bare status or a
//! closed connection.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A request the API refuses, or could not answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

/// The body of every error response.
#[derive(Serialize)]
struct Body<'a> {
    /// The HTTP status, repeated for clients that log only the body.
    status: u16,
    /// The status's reason phrase (`Unprocessable Entity`).
    error: &'a str,
    /// What was wrong and how to fix it.
    message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A request that parses but asks for something that does not exist
    /// or does not fit (an unknown format, rule or field).
    pub fn unprocessable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            status: self.status.as_u16(),
            error: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = super::api::json(self.status, json);
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// No route has this path.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "no such endpoint: {}; the API is POST /v1/lint, POST /v1/fix, GET /v1/rules, GET /v1/rules/{{id}} and GET /healthz",
            uri.path()
        ),
    )
}

/// The route exists, for other methods.
pub async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} does not take {method}", uri.path()),
    )
}
