#pragma once
// Every timer's kind and key, built here and nowhere else. A key names one pending timer (arming
// the same key again moves it; cancelling names it), so the code that arms a timer and the code
// that cancels it must spell it alike: they both call these.
#include <string>

#include "core/message.hpp"
#include "core/ticket_id.hpp"

namespace frontline::timers {

// Kinds: which handler takes a fired timer.
inline constexpr const char* kSessionIdle = "session_idle";        ///< the engine: one reminder
inline constexpr const char* kSessionAbandon = "session_abandon";  ///< the engine: the draft is dropped
inline constexpr const char* kReping = "handoff.reping";            ///< the desk: nobody claimed yet
inline constexpr const char* kSla = "handoff.sla";                  ///< the desk: SLA warning or breach
inline constexpr const char* kBreach = "handoff.breach";            ///< the desk: data-breach deadline
inline constexpr const char* kAutoClose = "handoff.auto_close";     ///< the desk: nobody confirmed
inline constexpr const char* kCallReminder = "handoff.call_reminder";  ///< the desk: a booked call starts soon

/// True for the kinds the desk handles (everything else is the conversation engine's).
inline bool is_handoff_kind(const std::string& kind) { return kind.rfind("handoff.", 0) == 0; }

/// "idle:<platform>:<user id>": the user's one idle reminder.
inline std::string session_idle_key(const Identity& u) { return "idle:" + u.platform + ":" + u.user_id; }
/// "abandon:<platform>:<user id>": when the user's unfinished conversation is given up.
inline std::string session_abandon_key(const Identity& u) { return "abandon:" + u.platform + ":" + u.user_id; }

/// "handoff:reping:INC-000042".
inline std::string reping_key(const TicketId& t) { return "handoff:reping:" + t.str(); }
/// "handoff:sla:INC-000042:<response|resolution>:<warn|breach>".
inline std::string sla_key(const TicketId& t, const std::string& clock, const std::string& stage) {
    return "handoff:sla:" + t.str() + ":" + clock + ":" + stage;
}
/// "handoff:breach:INC-000042:<seconds before the deadline>" (0: the deadline itself).
inline std::string breach_key(const TicketId& t, long long seconds_before) {
    return "handoff:breach:" + t.str() + ":" + std::to_string(seconds_before);
}
/// "handoff:call:<booking id>:remind": the reminder of one booked call (moved when the call moves).
inline std::string call_reminder_key(long long booking) { return "handoff:call:" + std::to_string(booking) + ":remind"; }
/// "handoff:autoclose:INC-000042".
inline std::string auto_close_key(const TicketId& t) { return "handoff:autoclose:" + t.str(); }

}  // namespace frontline::timers
