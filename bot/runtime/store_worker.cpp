#include "bot/runtime/store_worker.hpp"

#include <exception>
#include <string>

#include "bot/runtime/runtime_log.hpp"

namespace frontline {

StoreWorker::StoreWorker(std::unique_ptr<Store> store) : store_(std::move(store)) {
    thread_ = std::thread([this] { loop(); });
}

StoreWorker::~StoreWorker() { stop(); }

void StoreWorker::post(std::function<void(Store&)> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void StoreWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void StoreWorker::loop() {
    for (;;) {
        std::function<void(Store&)> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping, and everything queued has run
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job(*store_);
        } catch (const std::exception& e) {
            // A job must turn store errors into values; reaching here is a bug, not a reason to die.
            log_line(LogLevel::error, "store", std::string("job threw: ") + e.what());
        }
    }
}

}  // namespace frontline
