#include "bot/runtime/attachment_intake.hpp"

#include <memory>
#include <type_traits>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/net/wait.hpp"
#include "bot/files/media_sniff.hpp"
#include "bot/files/scan_hook.hpp"
#include "bot/runtime/fault_injection.hpp"
#include "bot/runtime/runtime_log.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/store/store.hpp"

namespace asio = boost::asio;

namespace frontline {
namespace {

struct StoredFile {
    std::string sha256;
    files::ScanOutcome scan;
};

/// Runs `fn()` on `pool` and resumes the caller on its own executor with the result (the way
/// StoreWorker::run does for the store thread): file writes, fsyncs and the scanner never block
/// the network thread.
template <class Fn>
asio::awaitable<std::invoke_result_t<Fn&>> run_blocking(asio::thread_pool& pool, Fn fn) {
    using R = std::invoke_result_t<Fn&>;
    auto ex = co_await asio::this_coro::executor;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(R)>(
        [&pool, ex](auto handler, Fn f) {
            auto h = std::make_shared<decltype(handler)>(std::move(handler));
            auto shared_fn = std::make_shared<Fn>(std::move(f));
            asio::post(pool, [h, ex, shared_fn] {
                auto result = std::make_shared<R>((*shared_fn)());
                asio::post(ex, [h, result] { (*h)(std::move(*result)); });
            });
        },
        asio::use_awaitable, std::move(fn));
}

Attachment refused(Attachment a, const char* why) {
    a.state = why;
    return a;
}

}  // namespace

AttachmentIntake::AttachmentIntake(asio::any_io_executor ex, AttachmentSettings settings)
    : ex_(ex), settings_(std::move(settings)), vault_(settings_.dir), sweep_timer_(ex) {}

asio::awaitable<Result<std::string>> AttachmentIntake::keep(std::string bytes) {
    auto job = [vault = vault_, bytes = std::move(bytes)] { return vault.store(bytes); };
    auto kept = co_await run_blocking(blocking_, std::move(job));
    co_return kept;
}

asio::awaitable<Result<std::string>> AttachmentIntake::read(std::string sha256) {
    auto job = [vault = vault_, sha256 = std::move(sha256)] { return vault.read(sha256); };
    auto bytes = co_await run_blocking(blocking_, std::move(job));
    co_return bytes;
}

AttachmentIntake::~AttachmentIntake() { blocking_.join(); }

bool AttachmentIntake::needs_work(const std::vector<InboundEvent>& events) {
    for (const auto& e : events)
        for (const auto& a : e.attachments)
            if (a.state.empty()) return true;
    return false;
}

asio::awaitable<Result<std::vector<InboundEvent>>> AttachmentIntake::prepare(std::vector<InboundEvent> events) {
    for (auto& e : events) {
        int offered = 0;
        for (auto& a : e.attachments) {
            if (!a.state.empty()) continue;
            // More in one message than a ticket keeps: the rest are refused without a download.
            if (++offered > settings_.max_per_ticket) {
                a = refused(std::move(a), "too_many");
                continue;
            }
            auto job = take(e.from.platform, a);
            auto taken = co_await std::move(job);
            if (!taken) co_return taken.error();
            a = std::move(*taken);
        }
    }
    co_return events;
}

namespace {

bool passing(Errc code) { return code == Errc::network || code == Errc::timeout || code == Errc::rate_limited; }

}  // namespace

asio::awaitable<Result<FetchedFile>> AttachmentIntake::fetch(Adapter* adapter, Attachment a) {
    auto delay = settings_.fetch_retry_delay;
    for (int attempt = 1;; ++attempt) {
        auto fetching = adapter->fetch_attachment(a, settings_.max_bytes);
        auto fetched = co_await std::move(fetching);
        if (fetched || !passing(fetched.error().code) || attempt >= settings_.fetch_attempts) co_return fetched;
        log_line(LogLevel::warn, "attachments", "fetching a file failed (" + fetched.error().message + "); trying again");
        auto pause = net::wait_for(delay);
        (void)co_await std::move(pause);
        delay *= 2;
    }
}

asio::awaitable<Result<Attachment>> AttachmentIntake::take(std::string platform, Attachment a) {
    // What the platform declared is checked first (no download of what is plainly too large);
    // the bytes themselves decide the rest.
    if (a.size > settings_.max_bytes) co_return refused(std::move(a), "too_large");
    auto adapter = adapters_.find(platform);
    if (adapter == adapters_.end()) co_return refused(std::move(a), "unavailable");
    auto fetched = co_await fetch(adapter->second, a);
    if (!fetched) {
        if (fetched.error().code == Errc::too_large) co_return refused(std::move(a), "too_large");
        log_line(LogLevel::warn, "attachments", platform + ": cannot fetch a file: " + fetched.error().message);
        co_return refused(std::move(a), "unavailable");
    }
    if (fetched->bytes.size() > settings_.max_bytes) co_return refused(std::move(a), "too_large");
    if (fetched->bytes.empty()) co_return refused(std::move(a), "unavailable");
    a.media_type = files::sniff_media_type(fetched->bytes);
    a.size = fetched->bytes.size();
    if (!files::type_allowed(a.media_type, settings_.allowed_types)) co_return refused(std::move(a), "type_refused");
    // The bytes into the vault (fsynced, renamed, folder fsynced), then the scan, off this thread.
    auto job = [vault = vault_, command = settings_.scan_command, bytes = std::move(fetched->bytes)]() -> Result<StoredFile> {
        auto sha = vault.store(bytes);
        if (!sha) return sha.error();
        return StoredFile{*sha, files::run_scan(command, vault.path_of(*sha))};
    };
    auto stored = co_await run_blocking(blocking_, std::move(job));
    if (!stored) {
        log_line(LogLevel::error, "attachments", "cannot store a file: " + stored.error().message);
        co_return stored.error();
    }
    a.sha256 = stored->sha256;
    switch (stored->scan.verdict) {
        case files::ScanVerdict::clean: a.state = "stored"; break;
        case files::ScanVerdict::infected:
            a.state = "quarantined";
            log_line(LogLevel::warn, "attachments", "file " + a.sha256 + " failed the scan: quarantined");
            break;
        case files::ScanVerdict::failed:
            // Fail closed: a file the scanner could not vouch for is never shown.
            a.state = "quarantined";
            log_line(LogLevel::error, "attachments",
                     "scan hook failed (" + stored->scan.detail + "): file " + a.sha256 + " quarantined");
            break;
    }
    // The durability test's crash between the download and the commit that records it.
    crash_point("after_file_stored");
    co_return a;
}

asio::awaitable<void> AttachmentIntake::run_sweeps(StoreWorker& store) {
    while (!stopped_) {
        auto referenced = co_await store.run([](Store& s) { return s.referenced_files(); });
        if (!referenced) {
            log_line(LogLevel::warn, "attachments", "orphan sweep: " + referenced.error().message);
        } else {
            auto job = [vault = vault_, referenced = std::move(*referenced), grace = settings_.orphan_grace] {
                return vault.sweep(referenced, grace);
            };
            auto removed = co_await run_blocking(blocking_, std::move(job));
            if (!removed) log_line(LogLevel::warn, "attachments", "orphan sweep: " + removed.error().message);
            else if (*removed > 0)
                log_line(LogLevel::info, "attachments", "orphan sweep removed " + std::to_string(*removed) + " file(s) no ticket names");
        }
        sweep_timer_.expires_after(std::chrono::hours(1));
        co_await sweep_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

void AttachmentIntake::stop() {
    stopped_ = true;
    sweep_timer_.cancel();
}

}  // namespace frontline
