//! The `/v1` endpoints. Each answers with the objects the command line
//! prints, built by the same code: `/v1/lint` a document as
//! `check --format json` reports it, `/v1/fix` what `check --fix` leaves,
//! `/v1/rules` the rows of `claimlint rules`, `/v1/rules/{id}` what
//! `claimlint explain` says. `schema/serve-v1.json` describes them.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use claimlint::{Applicability, Format, Selection};
use serde::{Deserialize, Serialize};

use super::body::JsonBody;
use super::error::ApiError;
use super::Service;
use crate::check::{self, FileReport};
use crate::config::Project;
use crate::output::json::Document;
use crate::packs::{self, Origins};
use crate::{catalog, fix};

/// The name a document goes by when the request gives no `path`.
const UNNAMED: &str = "<request>";

/// Where a request's selectors were written, for its error messages.
const FIELDS: Origins = Origins {
    select: "select:",
    ignore: "ignore:",
    listed_by: "GET /v1/rules",
};

/// The body of `POST /v1/lint` and `POST /v1/fix`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    text: String,
    format: Option<String>,
    path: Option<String>,
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    /// `/v1/fix`: also apply the unsafe suggestions (`--unsafe-fixes`).
    #[serde(rename = "unsafe")]
    unsafe_fixes: Option<bool>,
    /// `/v1/fix`: apply only the suggestions of these rules (selectors).
    rules: Option<Vec<String>>,
}

/// The `/v1/fix` answer: the document's report after fixing, and the
/// fixed text the report's spans point into.
#[derive(Serialize)]
struct Fixed<'a> {
    #[serde(flatten)]
    document: Document<'a>,
    text: &'a str,
}

/// The document a request names: where it is (for the config's
/// `[[per-path]]` tables and `[formats]`), its format, and the project
/// with the request's `select` and `ignore` applied.
struct Target<'a> {
    path: PathBuf,
    format: Format,
    project: Cow<'a, Project>,
}

impl Service {
    fn target(&self, request: &Request) -> Result<Target<'_>, ApiError> {
        let (select, ignore) = (&request.select, &request.ignore);
        let path = PathBuf::from(request.path.as_deref().unwrap_or(UNNAMED));
        let format = match request.format.as_deref() {
            Some(name) => Format::parse(name).ok_or_else(|| {
                ApiError::unprocessable(format!(
                    "format: {name:?} is not a format: use text, markdown, mdx or html"
                ))
            })?,
            None => (self.project.format_for(&path))
                .or_else(|| Format::from_path(&path))
                .unwrap_or(Format::Text),
        };
        let project = if select.is_empty() && ignore.is_empty() {
            Cow::Borrowed(&self.project)
        } else {
            let mut project = self.project.clone();
            packs::narrow(&self.rules, select, ignore, &FIELDS, &mut project)
                .map_err(|e| ApiError::unprocessable(e.to_string()))?;
            Cow::Owned(project)
        };
        Ok(Target {
            path,
            format,
            project,
        })
    }

    fn lint(&self, request: Request) -> Result<Vec<u8>, ApiError> {
        if request.unsafe_fixes.is_some() || request.rules.is_some() {
            return Err(ApiError::unprocessable(
                "`unsafe` and `rules` say which suggestions to apply: send them to POST /v1/fix",
            ));
        }
        let target = self.target(&request)?;
        let check = check::findings(&self.linter, &target.project, &target.path, target.format);
        let report = FileReport {
            diagnostics: check(&request.text),
            path: target.path.clone(),
            text: request.text,
            fixed: 0,
            diff: None,
        };
        to_json(&Document::new(&report))
    }

    fn fix(&self, request: Request) -> Result<Vec<u8>, ApiError> {
        let target = self.target(&request)?;
        let rules = request.rules.unwrap_or_default();
        let only = packs::check_selectors(&self.rules, "rules:", FIELDS.listed_by, &rules)
            .map_err(|e| ApiError::unprocessable(e.to_string()))?;
        let min = if request.unsafe_fixes == Some(true) {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let check = check::findings(&self.linter, &target.project, &target.path, target.format);
        let text = request.text;
        let only = Selection::new(only, Vec::new());
        let outcome = fix::fix(&text, check(&text), min, &only, &check);
        let report = FileReport {
            path: target.path.clone(),
            fixed: if outcome.text == text {
                0
            } else {
                outcome.applied
            },
            text: outcome.text,
            diagnostics: outcome.diagnostics,
            diff: None,
        };
        to_json(&Fixed {
            document: Document::new(&report),
            text: &report.text,
        })
    }
}

pub async fn lint(
    State(service): State<Arc<Service>>,
    JsonBody(request): JsonBody<Request>,
) -> Result<Response, ApiError> {
    let body = blocking(move || service.lint(request)).await?;
    Ok(json(StatusCode::OK, body))
}

pub async fn fix(
    State(service): State<Arc<Service>>,
    JsonBody(request): JsonBody<Request>,
) -> Result<Response, ApiError> {
    let body = blocking(move || service.fix(request)).await?;
    Ok(json(StatusCode::OK, body))
}

/// `GET /v1/rules`: the rules that run, as `claimlint rules` lists them.
pub async fn rules(State(service): State<Arc<Service>>) -> Result<Response, ApiError> {
    let rows = catalog::rows(&service.rules, service.project.config.selection());
    Ok(json(StatusCode::OK, to_json(&rows)?))
}

/// `GET /v1/rules/{id}`: what `claimlint explain` says of the rule.
pub async fn rule(
    State(service): State<Arc<Service>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let explanation = catalog::explanation(&service.rules, &id, FIELDS.listed_by)
        .map_err(|e| ApiError::new(StatusCode::NOT_FOUND, e.to_string()))?;
    Ok(json(StatusCode::OK, to_json(&explanation)?))
}

/// `GET /healthz`: the server is up and its rules are compiled.
pub async fn health(State(service): State<Arc<Service>>) -> Response {
    let body = serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": service.linter.rules().len(),
    });
    json(StatusCode::OK, body.to_string().into_bytes())
}

/// A JSON response.
pub fn json(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn to_json(value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("writing the answer: {e}"),
        )
    })
}

/// Run linting on tokio's blocking pool. The library never panics; should
/// a bug make it, the client still gets an answer (500), not a closed
/// connection.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "linting this request failed; please report it with the request body",
        )
    })?
}
