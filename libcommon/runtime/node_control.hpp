#pragma once
// The node side of the control protocol (libcommon/control/README.md): each operation becomes a
// call on the Node engine, each outcome one JSON answer.

#include <functional>

#include "libcommon/control/protocol.hpp"
#include "libcommon/net/control_server.hpp"
#include "libcommon/overlay/node/node.hpp"
#include "libcommon/storage/kind_registry.hpp"

namespace disco::runtime {

class NodeControl {
 public:
  struct Hooks {
    std::function<base::TimePoint()> now;
    std::function<void()> after_event;  // the engine may have new work: re-arm its timer
    std::function<void()> left;         // a leave op finished: the process may exit
  };
  NodeControl(overlay::Node& node, const storage::KindRegistry& kinds, Hooks hooks);

  void handle(const control::Request& request, const net::ControlReply& reply);

 private:
  overlay::Node& node_;
  const storage::KindRegistry& kinds_;
  Hooks hooks_;
};

// Snapshots of the engine as answers (also used by tests).
nlohmann::json status_json(const overlay::Node& node, base::TimePoint now);
nlohmann::json fingers_json(const overlay::Node& node);
nlohmann::json successors_json(const overlay::Node& node);
nlohmann::json stored_json(const overlay::Node& node, const storage::KindRegistry& kinds, base::TimePoint now);

}  // namespace disco::runtime
