#pragma once
// The inbox: every inbound event key the engine loop has applied. A platform that redelivers an
// event finds its key here and the event is dropped, so a redelivery never doubles an effect.
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

class Store;

class InboxStore {
public:
    virtual ~InboxStore() = default;
    /// Records `event_key`; false when it was already recorded (a duplicate to drop). On a store
    /// shared by several processes the key's uniqueness decides which one applies the event: the
    /// loser's insert waits for the winner's commit and then finds the key.
    virtual Result<bool> record(const std::string& event_key, TimePoint at) = 0;
    /// Forgets keys older than `before` (platforms stop redelivering after a day); returns how many.
    virtual Result<long long> prune(TimePoint before) = 0;
};

/// A named SAVEPOINT inside the batch transaction: one event's writes can be undone without
/// losing the rest of the batch. Rolls back on destruction unless released.
class EventSavepoint {
public:
    explicit EventSavepoint(Store& store);
    ~EventSavepoint();
    EventSavepoint(const EventSavepoint&) = delete;
    EventSavepoint& operator=(const EventSavepoint&) = delete;
    Status begin();
    Status release();
    Status rollback();

private:
    Store& store_;
    bool open_ = false;
};

}  // namespace frontline
