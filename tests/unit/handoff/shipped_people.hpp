#pragma once
// The people and rooms of config/agents.example.json as the Desk scenarios use them, plus Mario, a
// requester on Telegram (no agent). One list, so a change to the shipped file changes one place.
#include "core/message.hpp"

namespace frontline::handoff::testing_support::shipped {

inline const Identity kMario{"telegram", "777001"};
inline const Address kMarioChat{"telegram", "777001", ""};
inline const Identity kAlice{"slack", "U0ALICE"};     // L2, service desk, on call this week
inline const Identity kChiara{"slack", "U0CHIARA"};   // L3, infrastructure + service desk
inline const Identity kBrunoWeb{"webchat", "bruno"};  // L2, service desk, in the web chat agents' view
inline const Identity kDana{"slack", "U0DANA"};       // L3, security officer
inline const Address kDeskSlack{"slack", "C0SERVICEDESK", ""};
inline const Address kWebAgents{"webchat", "agents", ""};
inline const Address kSecurity{"slack", "C0SECURITY", ""};
inline const Address kInfra{"slack", "C0INFRA", ""};

}  // namespace frontline::handoff::testing_support::shipped
