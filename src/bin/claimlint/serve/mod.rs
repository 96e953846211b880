//! `claimlint serve`: the JSON API under `/v1` and the review page at `/`,
//! for hosts that cannot link a Rust crate (a WordPress plugin, a Node CMS
//! hook) and for people who do not open terminals.
//!
//! The rules are loaded and compiled once, at start, and shared by every
//! request; each request only lints. Linting is CPU work, so it runs on
//! tokio's blocking pool and never stalls the threads that accept and read
//! connections.

mod api;
mod body;
mod error;
mod guard;
mod page;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use axum::routing::{get, post};
use axum::Router;
use claimlint::{Linter, RuleSet};
use tokio::sync::Semaphore;

use crate::args::ServeArgs;
use crate::config::{self, Project};
use crate::packs;

/// What every request shares: the compiled linter, the rules it was
/// compiled from, the project config, and the limits.
pub struct Service {
    linter: Linter,
    rules: RuleSet,
    project: Project,
    /// The secret `/v1` requests must send, when one is set.
    token: Option<guard::Token>,
    max_body: usize,
    timeout: Duration,
    /// One permit an API request in progress (`--max-concurrent`).
    permits: Semaphore,
}

pub fn run(args: &ServeArgs) -> Result<()> {
    let token = args
        .token_file
        .as_deref()
        .map(guard::Token::read)
        .transpose()?;
    if !args.addr.ip().is_loopback() && token.is_none() {
        bail!(
            "{} is not a loopback address: anyone who can reach it could use the API. \
             Give --token-file FILE (a secret every request must send as `Authorization: Bearer`), \
             or listen on 127.0.0.1",
            args.addr
        );
    }
    let mut project = config::find(&args.project, None)?;
    let (rules, linter) = packs::compile(&args.packs, &args.selection, &mut project)?;
    let service = Arc::new(Service {
        linter,
        rules,
        project,
        token,
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout),
        permits: Semaphore::new(args.max_concurrent as usize),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(args.addr, service))
}

async fn serve(addr: SocketAddr, service: Arc<Service>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    // Tests and scripts read the port from this line (with --addr …:0).
    eprintln!("claimlint serve: listening on http://{bound} (review page at /, API under /v1)");
    axum::serve(listener, router(service))
        .with_graceful_shutdown(stop_signal())
        .await
        .context("serving")?;
    eprintln!("claimlint serve: stopped");
    Ok(())
}

/// Every route. `/v1` needs the token (when set) and a permit; the page
/// and `/healthz` need neither, so a load balancer's health check and the
/// page's own files answer even when the API is busy.
fn router(service: Arc<Service>) -> Router {
    let api = Router::new()
        .route("/v1/lint", post(api::lint))
        .route("/v1/fix", post(api::fix))
        .route("/v1/rules", get(api::rules))
        // Rule ids hold a `/` (`health-claims/cure`): the rest of the path.
        .route("/v1/rules/{*id}", get(api::rule))
        .route_layer(axum::middleware::from_fn_with_state(
            service.clone(),
            guard::api,
        ));
    Router::new()
        .merge(api)
        .merge(page::routes())
        .route("/healthz", get(api::health))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            service.clone(),
            guard::timeout,
        ))
        .with_state(service)
}

/// Ctrl-C or SIGTERM (what `systemctl stop` and `docker stop` send): stop
/// accepting connections, finish the requests in progress, then exit.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    eprintln!("claimlint serve: stopping (finishing the requests in progress)");
}
