#pragma once
// Crash points for the durability tests: FRONTLINE_FAULT=<point> makes the process _exit(86) the
// first time it reaches that point, the way a power cut would (no destructors, no flush).
// Points: after_commit (batch committed, adapters not yet told), before_delivery (outbox row read,
// not yet handed to the adapter), after_delivery (platform accepted, row not yet marked delivered),
// after_file_stored (an attachment downloaded and in the vault, its event not yet committed).
#include <string_view>

namespace frontline {

/// Exits the process at once when FRONTLINE_FAULT names `point`.
void crash_point(std::string_view point);

/// The exit code of an injected crash.
inline constexpr int kFaultExitCode = 86;

}  // namespace frontline
