#pragma once
// Slack's answers as the outbox's delivery outcomes. Internal to the Slack connector.
#include "adapters/adapter.hpp"
#include "adapters/slack/web_api_codec.hpp"

namespace frontline::slack {

inline DeliveryOutcome outcome_of(const ApiStatus& s) {
    DeliveryOutcome o;
    o.error = s.error;
    switch (s.verdict) {
        case ApiVerdict::ok: o.kind = DeliveryOutcome::Kind::delivered; break;
        case ApiVerdict::rate_limited:
            o.kind = DeliveryOutcome::Kind::retry;
            o.retry_after = s.retry_after;
            break;
        // A refused token may be fixed by the operator: keep the message and retry later.
        case ApiVerdict::fatal:
        case ApiVerdict::retry: o.kind = DeliveryOutcome::Kind::retry; break;
        case ApiVerdict::rejected: o.kind = DeliveryOutcome::Kind::rejected; break;
    }
    return o;
}

inline DeliveryOutcome outcome_of(const Error& e) {
    DeliveryOutcome o;
    o.error = e.message;
    o.kind = e.code == Errc::invalid_argument || e.code == Errc::not_found ? DeliveryOutcome::Kind::rejected
                                                                            : DeliveryOutcome::Kind::retry;
    return o;
}

}  // namespace frontline::slack
