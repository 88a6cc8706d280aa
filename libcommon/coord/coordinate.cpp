#include "libcommon/coord/coordinate.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace disco::coord {

std::string_view to_string(Model m) {
  switch (m) {
    case Model::vivaldi: return "vivaldi";
    case Model::landmark: return "landmark";
    case Model::gnp: return "gnp";
  }
  return "unknown";
}

std::optional<Model> model_from_string(std::string_view s) {
  for (Model m : {Model::vivaldi, Model::landmark, Model::gnp}) {
    if (to_string(m) == s) return m;
  }
  return std::nullopt;
}

nlohmann::json to_json(const Coordinate& c) {
  nlohmann::json j = {{"model", to_string(c.model)},
                      {"vector", c.vector},
                      {"height", c.height},
                      {"error", c.error},
                      {"samples", c.samples}};
  if (!c.landmarks.empty()) j["landmarks"] = c.landmarks;
  return j;
}

namespace {

base::failure<CoordError> fail(std::string message) { return base::failure{CoordError{std::move(message)}}; }

bool finite_in_range(double v) { return std::isfinite(v) && std::fabs(v) <= kMaxComponentMs; }

}  // namespace

base::result<Coordinate, CoordError> parse_coordinate(const nlohmann::json& j) {
  if (!j.is_object()) return fail("coordinate: expected a JSON object");
  Coordinate c;
  const auto model = j.find("model");
  if (model == j.end() || !model->is_string()) return fail("coordinate: \"model\" (string) is required");
  const auto m = model_from_string(model->get_ref<const std::string&>());
  if (!m) return fail("coordinate: unknown model \"" + model->get<std::string>() + "\" (vivaldi, landmark, gnp)");
  c.model = *m;

  const auto vec = j.find("vector");
  if (vec == j.end() || !vec->is_array()) return fail("coordinate: \"vector\" (array of numbers) is required");
  if (vec->empty() || vec->size() > kMaxDimensions) {
    return fail("coordinate: \"vector\" must have 1 to " + std::to_string(kMaxDimensions) + " components");
  }
  for (const auto& v : *vec) {
    if (!v.is_number()) return fail("coordinate: \"vector\" holds a non-number");
    const double d = v.get<double>();
    if (!finite_in_range(d)) return fail("coordinate: \"vector\" component out of range");
    if (c.model == Model::landmark && d < 0) return fail("coordinate: a landmark RTT cannot be negative");
    c.vector.push_back(d);
  }

  if (const auto h = j.find("height"); h != j.end()) {
    if (!h->is_number()) return fail("coordinate: \"height\" must be a number");
    c.height = h->get<double>();
    if (!finite_in_range(c.height) || c.height < 0) return fail("coordinate: \"height\" must be in [0, 1e6]");
    if (c.model != Model::vivaldi && c.height != 0) return fail("coordinate: only the vivaldi model has a height");
  }
  if (const auto e = j.find("error"); e != j.end()) {
    if (!e->is_number()) return fail("coordinate: \"error\" must be a number");
    c.error = e->get<double>();
    if (!finite_in_range(c.error) || c.error < 0) return fail("coordinate: \"error\" must be in [0, 1e6]");
  }
  if (const auto s = j.find("samples"); s != j.end()) {
    if (!s->is_number_unsigned()) return fail("coordinate: \"samples\" must be a non-negative integer");
    c.samples = s->get<std::uint64_t>();
  }
  if (const auto l = j.find("landmarks"); l != j.end()) {
    if (!l->is_array() || l->size() > kMaxDimensions)
      return fail("coordinate: \"landmarks\" must be an array of names");
    for (const auto& name : *l) {
      if (!name.is_string() || name.get_ref<const std::string&>().empty() ||
          name.get_ref<const std::string&>().size() > kMaxLandmarkNameLength) {
        return fail("coordinate: a landmark name must be a string of 1 to 255 characters");
      }
      c.landmarks.push_back(name.get<std::string>());
    }
  }
  if (c.model == Model::landmark && !c.landmarks.empty() && c.landmarks.size() != c.vector.size()) {
    return fail("coordinate: \"landmarks\" must name one landmark per vector component");
  }
  return c;
}

base::result<Coordinate, CoordError> parse_coordinate_text(std::string_view text) {
  // Bounded: a coordinate of kMaxDimensions numbers and names fits in far less.
  if (text.size() > std::size_t{64} * 1024) return fail("coordinate: input larger than 64 KiB");
  auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail("coordinate: input is not JSON");
  return parse_coordinate(j);
}

base::result<double, CoordError> distance(const Coordinate& a, const Coordinate& b) {
  if (a.model != b.model) {
    return fail(std::string("coordinates of different models (") + std::string(to_string(a.model)) + ", " +
                std::string(to_string(b.model)) + ") cannot be compared");
  }
  if (a.vector.size() != b.vector.size()) return fail("coordinates of different dimensions cannot be compared");
  if (a.model == Model::landmark && !a.landmarks.empty() && !b.landmarks.empty() && a.landmarks != b.landmarks) {
    return fail("landmark coordinates measured against different landmarks cannot be compared");
  }
  double sum = 0;
  for (std::size_t i = 0; i < a.vector.size(); ++i) {
    const double d = a.vector[i] - b.vector[i];
    sum += d * d;
  }
  double dist = std::sqrt(sum);
  if (a.model == Model::vivaldi) dist += a.height + b.height;
  return dist;
}

}  // namespace disco::coord
