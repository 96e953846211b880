//! A load run against `claimlint serve`: requests per second and p50/p99
//! latency of `POST /v1/lint` for a 6 KB HTML page, at 1, 8 and 64
//! concurrent clients, each on one keep-alive connection.
//!
//! ```sh
//! claimlint serve &                                   # or target/release/claimlint
//! cargo run --release --example serve_load -- http://127.0.0.1:7878
//! ```
//!
//! Only a loopback address is accepted: this sends as many requests as the
//! server takes, for five seconds a level.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;

/// How long each level runs, and the most requests it sends.
const LEVEL: Duration = Duration::from_secs(5);
const MAX_REQUESTS: usize = 500_000;
const CLIENTS: [usize; 3] = [1, 8, 64];

/// Copy of our own, of the kind a clinic's service page holds.
const PARAGRAPHS: [&str; 6] = [
    "<h2>Ketamine infusions at Lakeside Calm</h2><p>Our revolutionary infusions cure depression for most patients, often after a single visit. This treatment is 100% safe and side-effect free.</p>",
    "<p>Ketamine is used off-label for depression. Your first visit is a one-hour consultation with our medical director, who reviews your history, current medications and goals before any treatment is planned.</p>",
    "<h3>What to expect</h3><ul><li>A quiet private room and a reclining chair.</li><li>Monitoring of blood pressure and oxygen throughout.</li><li>A ride home arranged by a friend or family member.</li></ul>",
    "<p>Studies show 9 out of 10 patients feel better within a day. Results are guaranteed, or your next infusion is free.</p>",
    "<p>Many patients describe the experience as calm and dreamlike. Some feel nausea or dizziness for a short while; our nurses stay with you until you are steady. Individual results vary.</p>",
    "<p>Call us at 555-0142 to book. If you are in crisis, call or text 988 to reach the Suicide and Crisis Lifeline. This information is educational and is not medical advice.</p>",
];

fn page() -> String {
    let mut html =
        String::from("<!doctype html><html><head><title>Ketamine therapy</title></head><body>");
    let mut i = 0;
    while html.len() < 6 * 1024 - 20 {
        html.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        html.push('\n');
        i += 1;
    }
    html.push_str("</body></html>");
    html
}

fn main() {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:7878".to_string());
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|e| panic!("{url}: want http://IP:PORT ({e})"));
    assert!(
        addr.ip().is_loopback(),
        "{addr}: this load run targets a server on this machine only"
    );
    let page = page();
    let body = Bytes::from(
        serde_json::to_vec(&serde_json::json!({"text": page, "format": "html"})).unwrap(),
    );
    println!(
        "POST /v1/lint, a {} byte HTML page ({} byte body), {} s a level",
        page.len(),
        body.len(),
        LEVEL.as_secs()
    );
    println!("| clients | requests/s | p50 | p99 |");
    println!("|---|---|---|---|");
    // The client takes one thread, so the server keeps the other core(s).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Warm up: first requests fault in pages and fill caches.
        run(addr, body.clone(), 4, Duration::from_millis(500)).await;
        for clients in CLIENTS {
            let (count, elapsed, mut latencies) = run(addr, body.clone(), clients, LEVEL).await;
            latencies.sort_unstable();
            let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
            println!(
                "| {clients} | {:.0} | {:.2} ms | {:.2} ms |",
                count as f64 / elapsed.as_secs_f64(),
                at(0.50).as_secs_f64() * 1e3,
                at(0.99).as_secs_f64() * 1e3,
            );
        }
    });
}

/// `clients` connections sending requests back to back until `length` has
/// passed: how many answered, in how long, and each one's latency.
async fn run(
    addr: SocketAddr,
    body: Bytes,
    clients: usize,
    length: Duration,
) -> (usize, Duration, Vec<Duration>) {
    let start = Instant::now();
    let deadline = start + length;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let body = body.clone();
        tasks.spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr)
                .await
                .expect("the server is up");
            stream.set_nodelay(true).unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(connection);
            let mut latencies = Vec::new();
            while Instant::now() < deadline && latencies.len() < MAX_REQUESTS / clients {
                let request = Request::post("/v1/lint")
                    .header("host", addr.to_string())
                    .header("content-type", "application/json")
                    .body(Full::new(body.clone()))
                    .unwrap();
                let sent = Instant::now();
                let response = sender.send_request(request).await.unwrap();
                assert_eq!(response.status(), 200);
                response.into_body().collect().await.unwrap();
                latencies.push(sent.elapsed());
            }
            latencies
        });
    }
    let mut all = Vec::new();
    while let Some(latencies) = tasks.join_next().await {
        all.extend(latencies.unwrap());
    }
    (all.len(), start.elapsed(), all)
}
