#pragma once
// The files on tickets over HTTP (docs/attachments.md):
//  GET /files/<token>  serves one file by its signed, expiring link (bot/files/file_token.hpp):
//                      a tampered link answers 403 and an expired one 410, with a plain page and
//                      nothing served; a quarantined file is never served. The answer carries the
//                      sniffed type, `Content-Disposition: attachment` unless it is an image,
//                      `X-Content-Type-Options: nosniff` and a CSP that runs nothing.
//  GET /api/files?ticket=INC-000001  for the agents' view, with an agent's web chat token: the
//                      ticket's files with fresh links; a restricted (data-breach) ticket's only
//                      for its assignee and the security officer (anyone else: 403).
#include <string>

#include "adapters/net/http_server.hpp"
#include "bot/files/file_vault.hpp"
#include "bot/runtime/report_route.hpp"
#include "core/clock.hpp"
#include "core/handoff/desk.hpp"

namespace frontline {

class StoreWorker;

/// The key the links are signed with and how long the agents' view's links work.
struct FileLinkKey {
    std::string secret;
    Seconds life{72 * 3600};
};

/// GET /files/<token>; `store`, `vault`, `clock` outlive it.
net::HttpServer::Handler file_route(StoreWorker& store, const files::FileVault& vault, FileLinkKey key, const Clock& clock);

/// GET /api/files; `store`, `desk`, `clock` outlive it.
net::HttpServer::Handler agent_files_route(StoreWorker& store, const handoff::DeskConfig& desk, ReportAccess access,
                                           FileLinkKey key, const Clock& clock);

}  // namespace frontline
