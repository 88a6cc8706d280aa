#pragma once
// Bounds-checked reader for the RFC 6940 presentation language (s6.3.1.1): big-endian integers,
// opaque<..2^N-1> with N/8-byte length prefixes, and length-delimited lists of structs.
//
// Errors are sticky: the first failure is recorded (with structure, field and absolute offset) in
// state shared by the reader and all its sub-readers, and every later read returns zero/empty
// without advancing. Decoders therefore read straight through and check ok() once, yet never read
// past a bound, never loop forever, and never allocate more than the bytes that remain.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "libcommon/base/bytes.hpp"
#include "libcommon/wire/errc.hpp"
#include "libcommon/wire/error.hpp"
#include "libcommon/wire/limits.hpp"

namespace disco::wire {

class Reader {
  struct State {
    Limits limits;
    std::optional<DecodeError> error;
    std::string_view structure;
    std::size_t depth = 0;
  };

 public:
  explicit Reader(base::BytesView data, const Limits& limits = {}) : data_(data), state_(&own_) {
    own_.limits = limits;
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  Reader(Reader&&) = delete;
  Reader& operator=(Reader&&) = delete;
  ~Reader() = default;

  [[nodiscard]] bool ok() const noexcept { return !state_->error; }
  [[nodiscard]] const std::optional<DecodeError>& error() const noexcept { return state_->error; }
  [[nodiscard]] const Limits& limits() const noexcept { return state_->limits; }
  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }
  [[nodiscard]] bool at_end() const noexcept { return pos_ == data_.size(); }
  // Offset from the start of the outermost input.
  [[nodiscard]] std::size_t offset() const noexcept { return base_ + pos_; }
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  // The bytes consumed so far in this (sub-)reader, e.g. for signature inputs.
  [[nodiscard]] base::BytesView consumed() const noexcept { return data_.first(pos_); }

  std::uint8_t u8(std::string_view field);
  std::uint16_t u16(std::string_view field);
  std::uint32_t u32(std::string_view field);
  std::uint64_t u64(std::string_view field);
  // Boolean is one byte, 0 or 1 (s6.3.1.1, as TLS); anything else is invalid_value.
  bool boolean(std::string_view field);
  // Exactly n bytes.
  base::BytesView fixed(std::size_t n, std::string_view field);
  // opaque x<0..2^(8*prefix_bytes)-1>.
  base::BytesView opaque(int prefix_bytes, std::string_view field);
  // A sub-reader over the next n bytes / over a length-prefixed region.
  Reader sub_fixed(std::size_t n, std::string_view field);
  Reader sub(int prefix_bytes, std::string_view field);
  // A length-delimited region must be consumed exactly.
  void expect_end(std::string_view field);
  // field_size > 0 blames the field of that size just read, so the offset points at its start.
  void fail(std::error_code code, std::string_view field, std::size_t field_size = 0);

  // Names the structure being decoded for error messages and bounds the nesting depth.
  class [[nodiscard]] Scope {
   public:
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope(Scope&&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope() {
      state_->structure = saved_;
      --state_->depth;
    }

   private:
    friend class Reader;
    Scope(Reader& r, std::string_view structure);
    State* state_;
    std::string_view saved_;
  };
  Scope enter(std::string_view structure) { return Scope(*this, structure); }

  // A uint32 length followed by contents that delimit themselves (StoredData.length,
  // StoredMetaData.value_length): body() reads the contents, then the length must match what it
  // read, so a wrong length is length_mismatch in either direction and a cut input stays truncated.
  template <class Body>
  void self_delimited_u32(std::string_view field, Body&& body) {
    const auto length = u32(field);
    const std::size_t start = pos_;
    body();
    const std::size_t contents = pos_ - start;
    if (ok() && contents != length) fail(errc::length_mismatch, field, contents + 4);
  }

  // Decodes a list<..2^(8*prefix_bytes)-1> of elements by calling each(sub_reader) until the region
  // is consumed. The count limit applies, and an element that consumes nothing ends the list with
  // an error rather than looping.
  template <class Each>
  void list(int prefix_bytes, std::string_view field, Each&& each) {
    Reader region = sub(prefix_bytes, field);
    read_elements(region, field, each);
  }
  template <class Each>
  void list_fixed(std::size_t n, std::string_view field, Each&& each) {
    Reader region = sub_fixed(n, field);
    read_elements(region, field, each);
  }

 private:
  Reader(base::BytesView data, std::size_t base, State* state) : data_(data), base_(base), state_(state) {}
  bool need(std::size_t n, std::string_view field);

  template <class Each>
  void read_elements(Reader& region, std::string_view field, Each& each) {
    std::size_t count = 0;
    while (ok() && !region.at_end()) {
      if (++count > state_->limits.max_list_count) {
        region.fail(errc::limit_exceeded, field);
        return;
      }
      const std::size_t before = region.pos_;
      each(region);
      if (ok() && region.pos_ == before) {
        region.fail(errc::invalid_value, field);
        return;
      }
    }
  }

  base::BytesView data_;
  std::size_t pos_ = 0;
  std::size_t base_ = 0;
  State own_;
  State* state_;
};

}  // namespace disco::wire
