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
(module
  (memory (export "memory") 1)

  (func (export "predict")
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
