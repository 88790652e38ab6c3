// frontline: the process entry point. Parses the command line and hands over to one mode.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "bot/cli/agent_token.hpp"
#include "bot/cli/check_config.hpp"
#include "bot/cli/report.hpp"
#include "bot/cli/console_mode.hpp"
#include "bot/cli/migrate.hpp"
#include "bot/cli/outbox.hpp"
#include "bot/cli/tickets.hpp"
#include "bot/cli/triage_training.hpp"
#include "bot/config/config.hpp"
#include "bot/runtime/service.hpp"

namespace po = boost::program_options;
using namespace frontline;

namespace {

constexpr const char* kUsage = R"(usage:
  frontline [--config FILE] [--set key=value]... [--db PATH]          run the service
  frontline --console [--config FILE] ...                              chat in the terminal as one user
  frontline check-config [--config FILE] ...                           validate the configuration
  frontline tickets [--status S] [--json] [--config FILE] ...          list tickets
  frontline ticket INC-000001 [--json] [--config FILE] ...             show one ticket and its journal
  frontline outbox [--failed] [--json] [--config FILE] ...             pending and failed messages; --failed lists them
  frontline agent-token alice [--config FILE] ...                      an agent's token for the web chat agents' view
  frontline report [--from DATE] [--to DATE] [--team T] [--json|--csv]  MTTA, MTTR, SLA %, FCR... (DATE: YYYY-MM-DD)
  frontline train [--config FILE] ...                                  learn the triage model from the labelled corpus
  frontline eval [--folds K] [--config FILE] ...                       held-out accuracy of the triage model
  frontline migrate --from sqlite:PATH --to postgresql:URL [--password-env NAME]
                                                                       copy a desk into an empty PostgreSQL database
)";

}  // namespace

int main(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("help,h", "show this help")
        ("config,c", po::value<std::string>()->default_value("config/frontline.json"), "configuration file")
        ("set", po::value<std::vector<std::string>>()->composing(), "override a config key: dotted.key=value (repeatable)")
        ("db", po::value<std::string>(), "the store's SQLite file; a relative PATH is from the current folder")
        ("console", "chat with the bot in this terminal as one user")
        ("status", po::value<std::string>(), "tickets: only this status")
        ("failed", "outbox: list the messages that could not be delivered")
        ("json", "print JSON")
        ("csv", "report: print CSV")
        ("from", po::value<std::string>(), "report: first day, YYYY-MM-DD (default: 30 days before --to); migrate: sqlite:PATH")
        ("to", po::value<std::string>(), "report: last day included, YYYY-MM-DD (default: today, UTC); migrate: postgresql:URL")
        ("password-env", po::value<std::string>(), "migrate: the environment variable holding the PostgreSQL password")
        ("team", po::value<std::string>(), "report: only tickets escalated to this team")
        ("folds", po::value<std::size_t>()->default_value(5), "eval: the number of folds (at least 2)");
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::vector<std::string>>(), "subcommand and its arguments");
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("command", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "frontline: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << kUsage << "\n" << opts;
        return 0;
    }

    std::vector<std::string> command;
    if (vm.count("command")) command = vm["command"].as<std::vector<std::string>>();
    // migrate reads no configuration: both stores are named on its command line.
    if (!command.empty() && command.front() == "migrate") {
        if (command.size() != 1 || !vm.count("from") || !vm.count("to")) {
            std::cerr << "frontline: 'migrate' takes --from sqlite:PATH --to postgresql:URL [--password-env NAME]\n";
            return 2;
        }
        MigrateRequest r{vm["from"].as<std::string>(), vm["to"].as<std::string>(),
                         vm.count("password-env") ? vm["password-env"].as<std::string>() : std::string()};
        return run_migrate(r, std::cout, std::cerr);
    }

    std::vector<std::string> overrides;
    if (vm.count("set")) overrides = vm["set"].as<std::vector<std::string>>();
    // --db is typed relative to where the operator stands, unlike store.path in the config file
    // (relative to the config's folder): make it absolute before it becomes a config value.
    if (vm.count("db"))
        overrides.push_back("store.path=" +
                            nlohmann::json(std::filesystem::absolute(vm["db"].as<std::string>()).lexically_normal().string()).dump());

    auto config = Config::load(vm["config"].as<std::string>(), overrides);
    if (!config) {
        std::cerr << "frontline: " << config.error().message << "\n";
        return 2;
    }

    if (command.empty()) {
        if (vm.count("console")) return run_console(*config, std::cin, std::cout);
        return run_service(*config);
    }
    const std::string& name = command.front();
    if (name == "check-config") return run_check_config(*config, std::cout, std::cerr);
    if (name == "tickets") {
        TicketsQuery q;
        if (vm.count("status")) q.status = vm["status"].as<std::string>();
        q.json = vm.count("json") > 0;
        return run_tickets(*config, q, std::cout, std::cerr);
    }
    if (name == "ticket") {
        if (command.size() != 2) {
            std::cerr << "frontline: 'ticket' takes one ticket id, e.g. frontline ticket INC-000001\n";
            return 2;
        }
        return run_ticket(*config, command[1], vm.count("json") > 0, std::cout, std::cerr);
    }
    if (name == "outbox") {
        return run_outbox(*config, OutboxQuery{vm.count("failed") > 0, vm.count("json") > 0}, std::cout, std::cerr);
    }
    if (name == "agent-token") {
        if (command.size() != 2) {
            std::cerr << "frontline: 'agent-token' takes one agent handle or web chat id, e.g. frontline agent-token alice\n";
            return 2;
        }
        return run_agent_token(*config, command[1], std::cout, std::cerr);
    }
    if (name == "report") {
        ReportQuery q;
        if (vm.count("from")) q.from = vm["from"].as<std::string>();
        if (vm.count("to")) q.to = vm["to"].as<std::string>();
        if (vm.count("team")) q.team = vm["team"].as<std::string>();
        q.json = vm.count("json") > 0;
        q.csv = vm.count("csv") > 0;
        return run_report(*config, q, SystemClock{}.now(), std::cout, std::cerr);
    }
    if (name == "train") return run_train(*config, std::cout, std::cerr);
    if (name == "eval") {
        const auto folds = vm["folds"].as<std::size_t>();
        if (folds < 2) {
            std::cerr << "frontline: --folds must be at least 2\n";
            return 2;
        }
        return run_eval(*config, folds, std::cout, std::cerr);
    }
    std::cerr << "frontline: unknown command '" << name << "'\n" << kUsage;
    return 2;
}
