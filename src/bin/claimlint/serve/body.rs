//! Reading a JSON request body, with an answer for each way it can be
//! wrong: not JSON (415), over the size limit (413), not UTF-8 or not
//! well-formed (400), well-formed but not the request's shape (422).

use std::sync::Arc;

use axum::body::{Body, HttpBody};
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::Service;

/// A request body parsed as `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Arc<Service>> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, service: &Arc<Service>) -> Result<Self, ApiError> {
        if !is_json(req.headers().get(header::CONTENT_TYPE)) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the request as JSON, with the header Content-Type: application/json",
            ));
        }
        let bytes = read(req.into_body(), service.max_body).await?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "the body is not UTF-8 (invalid byte at offset {}); send the copy as UTF-8 JSON",
                    e.valid_up_to()
                ),
            )
        })?;
        serde_json::from_str(text).map(JsonBody).map_err(|e| {
            if e.is_data() {
                ApiError::unprocessable(format!("the request does not fit the API: {e}"))
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("the body is not valid JSON: {e}"),
                )
            }
        })
    }
}

/// How much of a body over the limit is read, and dropped, so that the
/// client, still sending, gets its 413 rather than a reset connection
/// (clients such as Node's `fetch` send the whole body before reading the
/// answer). Past it, the server answers and closes the connection.
const DRAINED: u64 = 64 * 1024 * 1024;

/// The body, if it is at most `limit` bytes (its `Content-Length`, or what
/// arrives, chunked).
async fn read(body: Body, limit: usize) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over the limit of {limit} bytes (serve --max-body)"),
        )
    };
    let declared = body.size_hint().exact();
    if declared.is_some_and(|n| n > DRAINED) {
        return Err(too_large());
    }
    let mut body = body;
    let mut bytes = Vec::with_capacity(declared.map_or(0, |n| n.min(limit as u64) as usize));
    let mut seen = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, format!("reading the body: {e}"))
        })?;
        let Ok(data) = frame.into_data() else {
            continue; // Trailers.
        };
        seen += data.len() as u64;
        if seen <= limit as u64 {
            bytes.extend_from_slice(&data);
        } else if seen > DRAINED {
            break;
        }
    }
    if seen > limit as u64 {
        return Err(too_large());
    }
    Ok(bytes)
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json(value: Option<&header::HeaderValue>) -> bool {
    let Some(value) = value.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}
