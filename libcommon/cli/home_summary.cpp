#include "libcommon/cli/home_summary.hpp"

#include <string>

namespace disco::cli {

nlohmann::ordered_json home_summary_json(const overlay::HomeSummary& summary) {
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (const auto& n : summary.nodes) {
    const bool v6 = n.address.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + n.address + "]" : n.address;
    nodes.push_back({{"index", n.index},
                     {"node_id", n.node_id.to_hex()},
                     {"user", n.user},
                     {"listen", host + ":" + std::to_string(n.port)},
                     {"bootstrap", n.bootstrap}});
  }
  return {{"dir", summary.dir.string()},
          {"overlay", summary.overlay},
          {"config", summary.config_path.string()},
          {"ca", summary.ca_cert_path.string()},
          {"nodes", std::move(nodes)}};
}

}  // namespace disco::cli
