#pragma once
// A network coordinate as disco's tools exchange it: coord-probe prints it, disco-register stores it
// in a DisCo-Registration, disco-lookup orders foci by distance() between two of them. The JSON form
// (to_json / parse_coordinate) is the interface between those tools; README.md documents it.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libcommon/base/result.hpp"

namespace disco::coord {

enum class Model : std::uint8_t {
  vivaldi = 1,   // Euclidean vector + height (Dabek et al. 2004); distance predicts RTT in ms
  landmark = 2,  // vector of RTTs (ms) to named landmarks; distance ranks, it does not predict RTT
  gnp = 3,       // landmark RTTs embedded in a low-dimensional Euclidean space; predicts RTT in ms
};

std::string_view to_string(Model m);
std::optional<Model> model_from_string(std::string_view s);

// Bounds every decoder applies: a coordinate comes from stdin or from the overlay, both hostile.
inline constexpr std::size_t kMaxDimensions = 32;
inline constexpr double kMaxComponentMs = 1.0e6;  // 1000 s: far beyond any RTT on Earth
inline constexpr std::size_t kMaxLandmarkNameLength = 255;

struct Coordinate {
  Model model = Model::vivaldi;
  std::vector<double> vector;  // ms
  double height = 0.0;         // ms, >= 0; vivaldi only (0 for the others)
  double error = 1.0;          // the model's own relative error estimate, >= 0
  std::uint64_t samples = 0;   // RTT samples the coordinate was computed from
  // landmark: names of the landmarks, one per vector component, in order; gnp: the landmarks the
  // embedding was fitted against (informational). Empty for vivaldi.
  std::vector<std::string> landmarks;

  friend bool operator==(const Coordinate&, const Coordinate&) = default;
};

struct CoordError {
  std::string message;
};

// {"model":"vivaldi","vector":[..],"height":h,"error":e,"samples":n[,"landmarks":[..]]}
nlohmann::json to_json(const Coordinate& c);
// Accepts what to_json writes; "height", "error", "samples", "landmarks" are optional. Refuses
// unknown models, non-finite or out-of-range numbers, more than kMaxDimensions components, a
// landmark list whose length differs from the vector's (landmark model), a height on non-vivaldi.
base::result<Coordinate, CoordError> parse_coordinate(const nlohmann::json& j);
base::result<Coordinate, CoordError> parse_coordinate_text(std::string_view text);

// Distance between two coordinates of the same model (and, for landmark, the same landmark list):
// vivaldi ||a-b|| + ha + hb; landmark and gnp ||a-b||. Different models or dimensions -> error,
// because such numbers cannot be compared.
base::result<double, CoordError> distance(const Coordinate& a, const Coordinate& b);

}  // namespace disco::coord
