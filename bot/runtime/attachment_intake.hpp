#pragma once
// The runtime's half of the files people send: before the engine loop commits events that carry
// attachments not yet fetched (Attachment::state empty), each is downloaded through its platform's
// adapter (Adapter::fetch_attachment), checked against attachments.* (size, media type sniffed from
// the bytes, count per message), written into the content-addressed vault beside the database and
// fsynced, scanned by the optional hook, and its sha256 and state filled in. Only then does the
// batch that records it commit. A crash in between leaves the event unacknowledged: the platform
// redelivers, the download repeats onto the same file name, and the inbox applies the event once.
// The sweep removes files no ticket names once older than the grace period (docs/attachments.md).
#include <map>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "adapters/adapter.hpp"
#include "bot/config/attachments_config.hpp"
#include "bot/files/file_vault.hpp"

namespace frontline {

class StoreWorker;

class AttachmentIntake {
public:
    /// Blocking work (write, fsync, scan, read) runs on a thread of its own, never on the network thread.
    AttachmentIntake(boost::asio::any_io_executor ex, AttachmentSettings settings);
    ~AttachmentIntake();
    AttachmentIntake(const AttachmentIntake&) = delete;
    AttachmentIntake& operator=(const AttachmentIntake&) = delete;

    /// platform -> its adapter: where each platform's files are fetched from (set before run).
    void set_adapters(std::map<std::string, Adapter*> adapters) { adapters_ = std::move(adapters); }

    /// Keeps bytes durably in the vault (a web chat upload) and answers their SHA-256.
    boost::asio::awaitable<Result<std::string>> keep(std::string bytes);
    /// The bytes kept under `sha256`.
    boost::asio::awaitable<Result<std::string>> read(std::string sha256);

    /// True when some event holds an attachment not yet fetched.
    static bool needs_work(const std::vector<InboundEvent>& events);
    /// The events with every unfetched attachment fetched and decided. An error (the vault cannot be
    /// written) fails the commit: the platform redelivers later.
    boost::asio::awaitable<Result<std::vector<InboundEvent>>> prepare(std::vector<InboundEvent> events);

    /// Sweeps orphans now, then every hour, until stop().
    boost::asio::awaitable<void> run_sweeps(StoreWorker& store);
    void stop();

    const files::FileVault& vault() const { return vault_; }
    const AttachmentSettings& settings() const { return settings_; }

private:
    boost::asio::awaitable<Result<Attachment>> take(std::string platform, Attachment a);
    /// The adapter's download, tried again after a passing failure (AttachmentSettings::fetch_attempts).
    boost::asio::awaitable<Result<FetchedFile>> fetch(Adapter* adapter, Attachment a);

    boost::asio::any_io_executor ex_;
    std::map<std::string, Adapter*> adapters_;
    AttachmentSettings settings_;
    files::FileVault vault_;
    boost::asio::thread_pool blocking_{1};
    boost::asio::steady_timer sweep_timer_;
    bool stopped_ = false;
};

}  // namespace frontline
