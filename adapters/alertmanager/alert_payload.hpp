#pragma once
// Alertmanager's webhook payload (version "4") as a neutral AlertNotice. Pure: text in, value out.
// The shape is documented at https://prometheus.io/docs/alerting/latest/configuration/#webhook_config.
#include <optional>
#include <string>
#include <string_view>

#include "core/alert_notice.hpp"
#include "core/result.hpp"

namespace frontline::alertmanager {

/// Decodes one webhook body; an error (Errc::parse) names what is wrong and nothing is decoded.
Result<AlertNotice> parse_webhook_payload(std::string_view body);

/// An RFC 3339 time as Alertmanager writes it ("2026-12-06T22:13:21.123456789Z", "+01:00" offsets);
/// Go's zero time ("0001-01-01T00:00:00Z", an alert still firing) and anything else: nullopt.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

}  // namespace frontline::alertmanager
