;; The predictor pass of the plane encoder (deflate-planes.ts) in WebAssembly SIMD: sixteen samples a step where the
;; JavaScript pass takes four. It must give the same bytes, flags and sums as predictRows there
;; (tests/grid/planes-wasm.test.ts compares them). scripts/build-wasm.mjs assembles it into planes.wasm.ts.
;;
;; predict(in, out, runny, w, nodata, swap) -> (b << 16) | a
;;   in     w rows of w Float32 bit patterns, padded with zeros past the grid (the caller copies them in)
;;   out    w rows of 4w bytes: each row's four byte planes (sign and exponent first), byte-wise differenced along
;;          the row taken as one sequence, as TIFF predictor 3 has it
;;   runny  a byte a row: 1 where more than 1/8 of the row's mantissa bytes (planes 1..3) are zero differences
;;   swap   non-zero to store NaN samples as the bit pattern `nodata`
;;   result the Adler-32 sums (a, b) of all the rows' bytes, for the zlib trailer
;; w is a multiple of 16, at most 512 (the 16-bit lane sums below are sized for that).
;;
;; deflate(in, out, runny, w, nodata, swap, tables, dst) -> end
;;   predict, then the tile's whole zlib stream from dst, as deflateFloatTile writes it: per row, the first plane
;;   (or the whole row where runny) under the fixed Huffman code with runs of the previous byte as distance-1 matches,
;;   the rest as a stored block; then an empty final block and the Adler-32 trailer. tables: the fixed code (288 u32:
;;   bit-reversed code | length << 16) and then the length codes (259 u32: symbol | extra bits << 16 | extra << 20).
(module
  (memory (export "memory") 1)

  ;; The bit writer: bits least significant first; acc holds nb (< 32) pending bits, pos is the next byte.
  (global $acc (mut i32) (i32.const 0))
  (global $nb (mut i32) (i32.const 0))
  (global $pos (mut i32) (i32.const 0))

  ;; count bits of value, then whole bytes out.
  (func $put (param $value i32) (param $count i32)
    (global.set $acc (i32.or (global.get $acc) (i32.shl (local.get $value) (global.get $nb))))
    (global.set $nb (i32.add (global.get $nb) (local.get $count)))
    (block $done
      (loop $bytes
        (br_if $done (i32.lt_u (global.get $nb) (i32.const 8)))
        (i32.store8 (global.get $pos) (global.get $acc))
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (global.set $acc (i32.shr_u (global.get $acc) (i32.const 8)))
        (global.set $nb (i32.sub (global.get $nb) (i32.const 8)))
        (br $bytes))))

  ;; Bytes [start, end) as literals and distance-1 runs under the fixed code, the byte before them `prev` (-1: none).
  ;; Locals carry the writer's state through the loop, as the JavaScript coder does.
  (func $code (param $start i32) (param $end i32) (param $prev i32) (param $fixed i32) (param $lengths i32)
    (local $i i32) (local $j i32) (local $v i32) (local $lim i32) (local $e i32) (local $L i32)
    (local $acc i32) (local $nb i32) (local $pos i32)
    (local.set $acc (global.get $acc)) (local.set $nb (global.get $nb)) (local.set $pos (global.get $pos))
    (local.set $i (local.get $start))
    (block $coded
      (loop $bytes
        (br_if $coded (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (i32.load8_u (local.get $i)))
        (block $literal
          (br_if $literal (i32.ne (local.get $v) (local.get $prev)))
          (local.set $j (i32.add (local.get $i) (i32.const 1)))
          (local.set $lim (select (local.get $end) (i32.add (local.get $i) (i32.const 258))
            (i32.lt_u (local.get $end) (i32.add (local.get $i) (i32.const 258)))))
          (block $runEnd
            (loop $run
              (br_if $runEnd (i32.ge_u (local.get $j) (local.get $lim)))
              (br_if $runEnd (i32.ne (i32.load8_u (local.get $j)) (local.get $v)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $run)))
          (br_if $literal (i32.lt_u (i32.sub (local.get $j) (local.get $i)) (i32.const 3)))
          ;; A match: the length's symbol, its extra bits, and distance 1 (fixed distance code 0, five bits).
          (local.set $L (i32.load (i32.add (local.get $lengths) (i32.shl (i32.sub (local.get $j) (local.get $i)) (i32.const 2)))))
          (local.set $e (i32.load (i32.add (local.get $fixed) (i32.shl (i32.and (local.get $L) (i32.const 0xffff)) (i32.const 2)))))
          (local.set $acc (i32.or (local.get $acc) (i32.shl (i32.and (local.get $e) (i32.const 0xffff)) (local.get $nb))))
          (local.set $nb (i32.add (local.get $nb) (i32.shr_u (local.get $e) (i32.const 16))))
          (if (i32.ge_u (local.get $nb) (i32.const 16))
            (then
              (i32.store16 (local.get $pos) (local.get $acc))
              (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
              (local.set $acc (i32.shr_u (local.get $acc) (i32.const 16)))
              (local.set $nb (i32.sub (local.get $nb) (i32.const 16)))))
          (local.set $acc (i32.or (local.get $acc) (i32.shl (i32.shr_u (local.get $L) (i32.const 20)) (local.get $nb))))
          (local.set $nb (i32.add (local.get $nb) (i32.and (i32.shr_u (local.get $L) (i32.const 16)) (i32.const 0xf))))
          (local.set $nb (i32.add (local.get $nb) (i32.const 5)))
          (if (i32.ge_u (local.get $nb) (i32.const 16))
            (then
              (i32.store16 (local.get $pos) (local.get $acc))
              (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
              (local.set $acc (i32.shr_u (local.get $acc) (i32.const 16)))
              (local.set $nb (i32.sub (local.get $nb) (i32.const 16)))))
          (local.set $i (local.get $j))
          (br $bytes))
        (local.set $e (i32.load (i32.add (local.get $fixed) (i32.shl (local.get $v) (i32.const 2)))))
        (local.set $acc (i32.or (local.get $acc) (i32.shl (i32.and (local.get $e) (i32.const 0xffff)) (local.get $nb))))
        (local.set $nb (i32.add (local.get $nb) (i32.shr_u (local.get $e) (i32.const 16))))
        (if (i32.ge_u (local.get $nb) (i32.const 16))
          (then
            (i32.store16 (local.get $pos) (local.get $acc))
            (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
            (local.set $acc (i32.shr_u (local.get $acc) (i32.const 16)))
            (local.set $nb (i32.sub (local.get $nb) (i32.const 16)))))
        (local.set $prev (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (global.set $acc (local.get $acc)) (global.set $nb (local.get $nb)) (global.set $pos (local.get $pos)))

  (func (export "deflate")
    (param $in i32) (param $out i32) (param $runny i32) (param $w i32) (param $nodata i32) (param $swapOn i32)
    (param $tables i32) (param $dst i32) (result i32)
    (local $ab i32) (local $r i32) (local $o i32) (local $rowBytes i32) (local $codedEnd i32) (local $len i32)
    (local.set $ab (call $predict (local.get $in) (local.get $out) (local.get $runny) (local.get $w)
      (local.get $nodata) (local.get $swapOn)))
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
    (global.set $acc (i32.const 0)) (global.set $nb (i32.const 0)) (global.set $pos (local.get $dst))
    (call $put (i32.const 0x78) (i32.const 8))
    (call $put (i32.const 0x01) (i32.const 8))
    (loop $rows
      (local.set $o (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $rowBytes))))
      (local.set $codedEnd (i32.add (local.get $o)
        (select (local.get $rowBytes) (local.get $w) (i32.load8_u (i32.add (local.get $runny) (local.get $r))))))
      (call $put (i32.const 2) (i32.const 3))
      (call $code (local.get $o) (local.get $codedEnd)
        (select (i32.load8_u (i32.sub (local.get $o) (i32.const 1))) (i32.const -1) (local.get $r))
        (local.get $tables) (i32.add (local.get $tables) (i32.const 1152)))
      (call $put (i32.const 0) (i32.const 7))
      (if (i32.lt_u (local.get $codedEnd) (i32.add (local.get $o) (local.get $rowBytes)))
        (then
          ;; A stored block: three header bits, to the byte boundary, LEN and its complement, the bytes.
          (local.set $len (i32.sub (i32.add (local.get $o) (local.get $rowBytes)) (local.get $codedEnd)))
          (call $put (i32.const 0) (i32.const 3))
          (if (global.get $nb) (then (call $put (i32.const 0) (i32.sub (i32.const 8) (global.get $nb)))))
          (i32.store16 (global.get $pos) (local.get $len))
          (i32.store16 offset=2 (global.get $pos) (i32.xor (local.get $len) (i32.const 0xffff)))
          (memory.copy (i32.add (global.get $pos) (i32.const 4)) (local.get $codedEnd) (local.get $len))
          (global.set $pos (i32.add (global.get $pos) (i32.add (local.get $len) (i32.const 4))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (local.get $w))))
    ;; The final block: BFINAL 1, fixed code, empty; then to the byte boundary and Adler-32, most significant first.
    (call $put (i32.const 3) (i32.const 3))
    (call $put (i32.const 0) (i32.const 7))
    (if (global.get $nb) (then (call $put (i32.const 0) (i32.sub (i32.const 8) (global.get $nb)))))
    (i32.store (global.get $pos) (i32.or
      (i32.or (i32.shl (local.get $ab) (i32.const 24)) (i32.shr_u (local.get $ab) (i32.const 24)))
      (i32.or
        (i32.and (i32.shl (local.get $ab) (i32.const 8)) (i32.const 0x00ff0000))
        (i32.and (i32.shr_u (local.get $ab) (i32.const 8)) (i32.const 0x0000ff00)))))
    (i32.add (global.get $pos) (i32.const 4)))

  (func $predict (export "predict")
    (param $in i32) (param $out i32) (param $runny i32) (param $w i32) (param $nodata i32) (param $swapOn i32)
    (result i32)
    (local $r i32) (local $c i32) (local $src i32) (local $dst i32) (local $N i32) (local $last i32)
    (local $a i32) (local $b i32) (local $total i32) (local $rowB i32) (local $zeros i32)
    (local $nd v128) (local $on v128) (local $abs v128) (local $inf v128) (local $zero v128)
    (local $t v128) (local $prev v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $x v128) (local $y v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $e v128) (local $k v128) (local $step v128) (local $ones v128)
    (local $YL v128) (local $YH v128) (local $KL v128) (local $KH v128) (local $BX v128) (local $Z v128)

    (local.set $N (i32.shl (local.get $w) (i32.const 2)))
    (local.set $nd (i32x4.splat (local.get $nodata)))
    (local.set $on (i32x4.splat (i32.sub (i32.const 0) (i32.ne (local.get $swapOn) (i32.const 0)))))
    (local.set $abs (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
    (local.set $inf (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
    (local.set $ones (v128.const i16x8 1 1 1 1 1 1 1 1))
    (local.set $a (i32.const 1))
    (local.set $src (local.get $in))
    (local.set $dst (local.get $out))

    (loop $rows
      ;; A plane's first byte is taken against the last byte of the plane before it (the row is one sequence of
      ;; bytes): the row's last sample shifted down a byte stands in for the sample before its first.
      (local.set $last (i32.load (i32.add (local.get $src) (i32.sub (local.get $N) (i32.const 4)))))
      (if (i32.and
            (i32.ne (local.get $swapOn) (i32.const 0))
            (i32.gt_u (i32.and (local.get $last) (i32.const 0x7fffffff)) (i32.const 0x7f800000)))
        (then (local.set $last (local.get $nodata))))
      (local.set $prev (i32x4.splat (i32.shr_u (local.get $last) (i32.const 8))))
      ;; Per row: YL/YH each byte lane's sum over the row (all planes, all steps); KL/KH the same with plane k
      ;; counted k times; BX the sum of step number times the step's bytes; Z the zero mantissa differences.
      (local.set $YL (local.get $zero)) (local.set $YH (local.get $zero))
      (local.set $KL (local.get $zero)) (local.set $KH (local.get $zero))
      (local.set $BX (local.get $zero)) (local.set $Z (local.get $zero))
      (local.set $step (local.get $zero))
      (local.set $c (i32.const 0))

      (loop $steps
        ;; Sixteen samples, NaN swapped where asked.
        (local.set $v0 (v128.bitselect (local.get $nd) (local.tee $t (v128.load offset=0 (local.get $src)))
          (v128.and (local.get $on) (i32x4.gt_u (v128.and (local.get $t) (local.get $abs)) (local.get $inf)))))
        (local.set $v1 (v128.bitselect (local.get $nd) (local.tee $t (v128.load offset=16 (local.get $src)))
          (v128.and (local.get $on) (i32x4.gt_u (v128.and (local.get $t) (local.get $abs)) (local.get $inf)))))
        (local.set $v2 (v128.bitselect (local.get $nd) (local.tee $t (v128.load offset=32 (local.get $src)))
          (v128.and (local.get $on) (i32x4.gt_u (v128.and (local.get $t) (local.get $abs)) (local.get $inf)))))
        (local.set $v3 (v128.bitselect (local.get $nd) (local.tee $t (v128.load offset=48 (local.get $src)))
          (v128.and (local.get $on) (i32x4.gt_u (v128.and (local.get $t) (local.get $abs)) (local.get $inf)))))
        ;; Each sample minus the one before it, byte by byte (the four planes' differences at once).
        (local.set $d0 (i8x16.sub (local.get $v0)
          (i8x16.shuffle 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 (local.get $prev) (local.get $v0))))
        (local.set $d1 (i8x16.sub (local.get $v1)
          (i8x16.shuffle 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 (local.get $v0) (local.get $v1))))
        (local.set $d2 (i8x16.sub (local.get $v2)
          (i8x16.shuffle 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 (local.get $v1) (local.get $v2))))
        (local.set $d3 (i8x16.sub (local.get $v3)
          (i8x16.shuffle 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 (local.get $v2) (local.get $v3))))
        (local.set $prev (local.get $v3))

        ;; Transpose: bytes 3, 2, 1, 0 of the sixteen differences are planes 0, 1, 2, 3.
        (local.set $x (i8x16.shuffle 3 7 11 15 19 23 27 31 2 6 10 14 18 22 26 30 (local.get $d0) (local.get $d1)))
        (local.set $y (i8x16.shuffle 3 7 11 15 19 23 27 31 2 6 10 14 18 22 26 30 (local.get $d2) (local.get $d3)))
        (local.set $p0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)))
        (local.set $p1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)))
        (local.set $x (i8x16.shuffle 1 5 9 13 17 21 25 29 0 4 8 12 16 20 24 28 (local.get $d0) (local.get $d1)))
        (local.set $y (i8x16.shuffle 1 5 9 13 17 21 25 29 0 4 8 12 16 20 24 28 (local.get $d2) (local.get $d3)))
        (local.set $p2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)))
        (local.set $p3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)))
        (v128.store (local.get $dst) (local.get $p0))
        (v128.store (i32.add (local.get $dst) (local.get $w)) (local.get $p1))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $w) (i32.const 1))) (local.get $p2))
        (v128.store (i32.add (local.get $dst) (i32.mul (local.get $w) (i32.const 3))) (local.get $p3))

        ;; Sums for Adler-32, low and high eight byte lanes apart: t3 = l3, t2 = t3 + l2, t1 = t2 + l1 gives the
        ;; step's bytes as t1 + l0 and the plane-weighted l1 + 2 l2 + 3 l3 as t1 + t2 + t3.
        (local.set $x (i16x8.extend_low_i8x16_u (local.get $p3)))
        (local.set $y (i16x8.add (local.get $x) (i16x8.extend_low_i8x16_u (local.get $p2))))
        (local.set $k (i16x8.add (local.get $x) (local.get $y)))
        (local.set $y (i16x8.add (local.get $y) (i16x8.extend_low_i8x16_u (local.get $p1))))
        (local.set $KL (i16x8.add (local.get $KL) (i16x8.add (local.get $k) (local.get $y))))
        (local.set $e (i16x8.add (local.get $y) (i16x8.extend_low_i8x16_u (local.get $p0))))
        (local.set $YL (i16x8.add (local.get $YL) (local.get $e)))
        (local.set $x (i16x8.extend_high_i8x16_u (local.get $p3)))
        (local.set $y (i16x8.add (local.get $x) (i16x8.extend_high_i8x16_u (local.get $p2))))
        (local.set $k (i16x8.add (local.get $x) (local.get $y)))
        (local.set $y (i16x8.add (local.get $y) (i16x8.extend_high_i8x16_u (local.get $p1))))
        (local.set $KH (i16x8.add (local.get $KH) (i16x8.add (local.get $k) (local.get $y))))
        (local.set $x (i16x8.add (local.get $y) (i16x8.extend_high_i8x16_u (local.get $p0))))
        (local.set $YH (i16x8.add (local.get $YH) (local.get $x)))
        (local.set $BX (i32x4.add (local.get $BX)
          (i32x4.dot_i16x8_s (i16x8.add (local.get $e) (local.get $x)) (local.get $step))))
        (local.set $step (i16x8.add (local.get $step) (local.get $ones)))
        ;; Zero differences in the mantissa planes, counted per byte lane.
        (local.set $Z (i8x16.sub (local.get $Z) (i8x16.eq (local.get $p1) (local.get $zero))))
        (local.set $Z (i8x16.sub (local.get $Z) (i8x16.eq (local.get $p2) (local.get $zero))))
        (local.set $Z (i8x16.sub (local.get $Z) (i8x16.eq (local.get $p3) (local.get $zero))))

        (local.set $src (i32.add (local.get $src) (i32.const 64)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br_if $steps (i32.lt_u (local.get $c) (local.get $w))))

      ;; Byte i of the row (from 0) at plane k, step s, lane j (i = k w + 16 s + j) weighs N - i in the row's
      ;; share of b: N * total - w * sum k S_k - 16 * sum s X_s - sum j Y_j, exact modulo 2^32 and below 2^31.
      (local.set $x (i32x4.add
        (i32x4.extadd_pairwise_i16x8_u (local.get $YL)) (i32x4.extadd_pairwise_i16x8_u (local.get $YH))))
      (local.set $total (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $x)) (i32x4.extract_lane 1 (local.get $x)))
        (i32.add (i32x4.extract_lane 2 (local.get $x)) (i32x4.extract_lane 3 (local.get $x)))))
      (local.set $y (i32x4.add
        (i32x4.extadd_pairwise_i16x8_u (local.get $KL)) (i32x4.extadd_pairwise_i16x8_u (local.get $KH))))
      (local.set $y (i32x4.add
        (i32x4.mul (local.get $y) (i32x4.splat (local.get $w)))
        (i32x4.add
          (i32x4.shl (local.get $BX) (i32.const 4))
          (i32x4.add
            (i32x4.dot_i16x8_s (local.get $YL) (v128.const i16x8 0 1 2 3 4 5 6 7))
            (i32x4.dot_i16x8_s (local.get $YH) (v128.const i16x8 8 9 10 11 12 13 14 15))))))
      (local.set $rowB (i32.sub (i32.mul (local.get $N) (local.get $total))
        (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $y)) (i32x4.extract_lane 1 (local.get $y)))
          (i32.add (i32x4.extract_lane 2 (local.get $y)) (i32x4.extract_lane 3 (local.get $y))))))
      ;; Adler-32 over the row's N bytes d_1..d_N: a += sum d_i, b += N * a + sum (N - i + 1) d_i.
      (local.set $b (i32.rem_u
        (i32.add
          (i32.add (local.get $b) (i32.rem_u (i32.mul (local.get $N) (local.get $a)) (i32.const 65521)))
          (i32.rem_u (local.get $rowB) (i32.const 65521)))
        (i32.const 65521)))
      (local.set $a (i32.rem_u (i32.add (local.get $a) (local.get $total)) (i32.const 65521)))

      (local.set $x (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $Z))))
      (local.set $zeros (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $x)) (i32x4.extract_lane 1 (local.get $x)))
        (i32.add (i32x4.extract_lane 2 (local.get $x)) (i32x4.extract_lane 3 (local.get $x)))))
      (i32.store8 (local.get $runny)
        (i32.gt_u (i32.shl (local.get $zeros) (i32.const 3)) (i32.mul (local.get $w) (i32.const 3))))

      ;; The steps wrote each plane 16 bytes at a time from the row's start: the next row starts 3w further on.
      (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $w) (i32.const 3))))
      (local.set $runny (i32.add (local.get $runny) (i32.const 1)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $r) (local.get $w))))

    (i32.or (i32.shl (local.get $b) (i32.const 16)) (local.get $a)))
)
