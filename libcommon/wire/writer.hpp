#pragma once
// Writer for the RFC 6940 presentation language. Like Reader, errors are sticky: a value too long
// for its length prefix (or an unencodable select) records the first EncodeError and the caller
// checks ok() once at the end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "libcommon/base/bytes.hpp"
#include "libcommon/wire/errc.hpp"
#include "libcommon/wire/error.hpp"

namespace disco::wire {

class Writer {
 public:
  Writer() = default;

  [[nodiscard]] bool ok() const noexcept { return !error_; }
  [[nodiscard]] const std::optional<EncodeError>& error() const noexcept { return error_; }
  [[nodiscard]] std::size_t size() const noexcept { return buf_.size(); }
  [[nodiscard]] const base::Bytes& bytes() const noexcept { return buf_; }
  base::Bytes take() && { return std::move(buf_); }
  void reserve(std::size_t n) { buf_.reserve(n); }

  void u8(std::uint8_t v) { buf_.push_back(v); }
  void u16(std::uint16_t v);
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void boolean(bool v) { u8(v ? 1 : 0); }
  void raw(base::BytesView v) { buf_.insert(buf_.end(), v.begin(), v.end()); }
  // opaque x<0..2^(8*prefix_bytes)-1>
  void opaque(int prefix_bytes, base::BytesView v, std::string_view field);

  // Writes a length prefix, runs body(), then patches the prefix with the bytes body() wrote.
  template <class Body>
  void prefixed(int prefix_bytes, std::string_view field, Body&& body) {
    const std::size_t at = placeholder(prefix_bytes);
    body();
    patch_length(at, prefix_bytes, field);
  }
  // For lengths that are not adjacent to their value (ForwardingHeader list lengths).
  std::size_t placeholder(int prefix_bytes);
  void patch_length(std::size_t at, int prefix_bytes, std::string_view field);
  void patch_u16(std::size_t at, std::uint16_t v);
  void patch_u32(std::size_t at, std::uint32_t v);

  void fail(std::error_code code, std::string_view field);

  class [[nodiscard]] Scope {
   public:
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope(Scope&&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope() { w_->structure_ = saved_; }

   private:
    friend class Writer;
    Scope(Writer* w, std::string_view structure) : w_(w), saved_(w->structure_) { w_->structure_ = structure; }
    Writer* w_;
    std::string_view saved_;
  };
  Scope enter(std::string_view structure) { return Scope(this, structure); }

 private:
  base::Bytes buf_;
  std::optional<EncodeError> error_;
  std::string_view structure_;
};

}  // namespace disco::wire
