;; The cells of one IDW tile in WebAssembly: the k-nearest search over the tile's sorted candidates and the weighted
;; sums, for the usual survey (every element valid at the same samples, power 2). The same operations in the same
;; order as nearestOne and the sums of idw-kernel.ts, so the same bits as gdal_grid invdistnn
;; (tests/grid/idw-wasm.test.ts compares them). scripts/build-wasm.mjs assembles it into idw.wasm.ts.
;;
;; tile(...) grids cells (r, c) for r in [r0, r1), c in [c0, c1) into the stage: element e of cell (r, c) is the f32 at
;; stage + 4 * (e * rows * width + (r - rowBase) * width + c).
;;   m, sx, sy, slb, srank   the candidates, nearest to the tile centre first: coordinates and lower bounds (f64) and
;;                           sample ranks (i32)
;;   xmin ymax cellX cellY   the grid; cx cy the tile centre; slack the rounding allowance of the bounds
;;   R2, kc, minPoints       squared radius, neighbours wanted, fewest accepted
;;   values, S               f64 values, sample-major: values + 8 * (rank * S + e)
;;   topD, topJ, wq, rq      room for kc neighbours: squared distances (f64), ranks (i32), weights (f64), value offsets
(module
  (memory (export "memory") 1)

  (func (export "tile")
    (param $m i32) (param $sx i32) (param $sy i32) (param $slb i32) (param $srank i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32) (param $rowBase i32)
    (param $xmin f64) (param $ymax f64) (param $cellX f64) (param $cellY f64)
    (param $cx f64) (param $cy f64) (param $slack f64) (param $R2 f64)
    (param $kc i32) (param $minPoints i32)
    (param $values i32) (param $S i32) (param $stage i32) (param $width i32) (param $rows i32)
    (param $topD i32) (param $topJ i32) (param $wq i32) (param $rq i32)
    (local $r i32) (local $c i32) (local $j i32) (local $q i32) (local $cnt i32) (local $i i32) (local $e i32)
    (local $cell i32) (local $plane i32) (local $p i32) (local $hit i32) (local $a i32)
    (local $yc f64) (local $oy f64) (local $xc f64) (local $ox f64) (local $oc f64) (local $lim f64)
    (local $lb f64) (local $dx f64) (local $dy f64) (local $d2 f64) (local $t f64) (local $w f64) (local $den f64)
    (local $vd v128) (local $vw v128) (local $n0 v128) (local $n1 v128) (local $n2 v128) (local $n3 v128)

    ;; An element's stage plane, in bytes.
    (local.set $plane (i32.shl (i32.mul (local.get $rows) (local.get $width)) (i32.const 2)))
    (local.set $r (local.get $r0))
    (loop $rowLoop
      (local.set $yc (f64.sub (local.get $ymax)
        (f64.mul (f64.add (f64.convert_i32_s (local.get $r)) (f64.const 0.5)) (local.get $cellY))))
      (local.set $oy (f64.sub (local.get $yc) (local.get $cy)))
      (local.set $c (local.get $c0))
      (loop $colLoop
        (local.set $xc (f64.add (local.get $xmin)
          (f64.mul (f64.add (f64.convert_i32_s (local.get $c)) (f64.const 0.5)) (local.get $cellX))))
        (local.set $ox (f64.sub (local.get $xc) (local.get $cx)))
        ;; Any candidate is at least (its distance to the tile centre - oc) from this cell centre.
        (local.set $oc (f64.add
          (f64.sqrt (f64.add (f64.mul (local.get $ox) (local.get $ox)) (f64.mul (local.get $oy) (local.get $oy))))
          (local.get $slack)))

        ;; The kc nearest, in (squared distance, rank) order. lim: the farthest squared distance that may still
        ;; enter (the radius, then the k-th once full); the walk ends at the first lower bound past it.
        (local.set $cnt (i32.const 0))
        (local.set $lim (local.get $R2))
        (local.set $j (i32.const 0))
        (block $walked
          (loop $walk
            (br_if $walked (i32.ge_u (local.get $j) (local.get $m)))
            (local.set $lb (f64.sub (f64.load (i32.add (local.get $slb) (i32.shl (local.get $j) (i32.const 3))))
              (local.get $oc)))
            (br_if $walked (i32.and
              (f64.gt (local.get $lb) (f64.const 0))
              (f64.gt (f64.mul (local.get $lb) (local.get $lb)) (local.get $lim))))
            (local.set $dx (f64.sub (f64.load (i32.add (local.get $sx) (i32.shl (local.get $j) (i32.const 3))))
              (local.get $xc)))
            (local.set $dy (f64.sub (f64.load (i32.add (local.get $sy) (i32.shl (local.get $j) (i32.const 3))))
              (local.get $yc)))
            (local.set $d2 (f64.add (f64.mul (local.get $dx) (local.get $dx)) (f64.mul (local.get $dy) (local.get $dy))))
            (block $next
              (br_if $next (f64.gt (local.get $d2) (local.get $lim)))
              (local.set $i (i32.load (i32.add (local.get $srank) (i32.shl (local.get $j) (i32.const 2)))))
              (local.set $q (local.get $cnt))
              (if (i32.eq (local.get $q) (local.get $kc))
                (then
                  ;; Full: an equal distance enters only ahead of a later sample.
                  (br_if $next (i32.and
                    (f64.eq (local.get $d2) (local.get $lim))
                    (i32.gt_s (local.get $i)
                      (i32.load (i32.add (local.get $topJ) (i32.shl (i32.sub (local.get $q) (i32.const 1)) (i32.const 2)))))))
                  (local.set $q (i32.sub (local.get $q) (i32.const 1))))
                (else (local.set $cnt (i32.add (local.get $q) (i32.const 1)))))
              ;; Insertion keeps (distance, sample order), as gdal_grid's multimap keeps ties in search order.
              (block $placed
                (loop $shift
                  (br_if $placed (i32.eqz (local.get $q)))
                  (local.set $t (f64.load (i32.add (local.get $topD) (i32.shl (i32.sub (local.get $q) (i32.const 1)) (i32.const 3)))))
                  (local.set $a (i32.load (i32.add (local.get $topJ) (i32.shl (i32.sub (local.get $q) (i32.const 1)) (i32.const 2)))))
                  (br_if $placed (i32.eqz (i32.or
                    (f64.gt (local.get $t) (local.get $d2))
                    (i32.and (f64.eq (local.get $t) (local.get $d2)) (i32.gt_s (local.get $a) (local.get $i))))))
                  (f64.store (i32.add (local.get $topD) (i32.shl (local.get $q) (i32.const 3))) (local.get $t))
                  (i32.store (i32.add (local.get $topJ) (i32.shl (local.get $q) (i32.const 2))) (local.get $a))
                  (local.set $q (i32.sub (local.get $q) (i32.const 1)))
                  (br $shift)))
              (f64.store (i32.add (local.get $topD) (i32.shl (local.get $q) (i32.const 3))) (local.get $d2))
              (i32.store (i32.add (local.get $topJ) (i32.shl (local.get $q) (i32.const 2))) (local.get $i))
              (if (i32.eq (local.get $cnt) (local.get $kc))
                (then (local.set $lim (f64.load (i32.add (local.get $topD)
                  (i32.shl (i32.sub (local.get $kc) (i32.const 1)) (i32.const 3))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $walk)))

        ;; The cell's byte offset in element 0's plane.
        (local.set $cell (i32.add (local.get $stage) (i32.shl
          (i32.add (i32.mul (i32.sub (local.get $r) (local.get $rowBase)) (local.get $width)) (local.get $c))
          (i32.const 2))))
        (block $stored
          ;; A sample on the node (squared distance below 1e-13): gdal_grid takes its value outright, the earliest
          ;; sample of several, before the min_points test.
          (if (i32.and (i32.gt_s (local.get $cnt) (i32.const 0))
                (f64.lt (f64.load (local.get $topD)) (f64.const 1e-13)))
            (then
              (local.set $hit (i32.load (local.get $topJ)))
              (local.set $q (i32.const 1))
              (block $hitsDone
                (loop $hits
                  (br_if $hitsDone (i32.ge_s (local.get $q) (local.get $cnt)))
                  (br_if $hitsDone (f64.ge (f64.load (i32.add (local.get $topD) (i32.shl (local.get $q) (i32.const 3))))
                    (f64.const 1e-13)))
                  (local.set $a (i32.load (i32.add (local.get $topJ) (i32.shl (local.get $q) (i32.const 2)))))
                  (if (i32.lt_s (local.get $a) (local.get $hit)) (then (local.set $hit (local.get $a))))
                  (local.set $q (i32.add (local.get $q) (i32.const 1)))
                  (br $hits)))
              (local.set $p (i32.add (local.get $values) (i32.shl (i32.mul (local.get $hit) (local.get $S)) (i32.const 3))))
              (local.set $e (i32.const 0))
              (loop $copy
                (f32.store (i32.add (local.get $cell) (i32.mul (local.get $e) (local.get $plane)))
                  (f32.demote_f64 (f64.load (i32.add (local.get $p) (i32.shl (local.get $e) (i32.const 3))))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br_if $copy (i32.lt_s (local.get $e) (local.get $S))))
              (br $stored)))

          ;; Weights 1 / d^2 in neighbour order, and where each neighbour's values start.
          (local.set $den (f64.const 0))
          (local.set $q (i32.const 0))
          (block $weighed
            (loop $weigh
              (br_if $weighed (i32.ge_s (local.get $q) (local.get $cnt)))
              (local.set $w (f64.div (f64.const 1)
                (f64.load (i32.add (local.get $topD) (i32.shl (local.get $q) (i32.const 3))))))
              (f64.store (i32.add (local.get $wq) (i32.shl (local.get $q) (i32.const 3))) (local.get $w))
              (i32.store (i32.add (local.get $rq) (i32.shl (local.get $q) (i32.const 2)))
                (i32.add (local.get $values) (i32.shl (i32.mul
                  (i32.load (i32.add (local.get $topJ) (i32.shl (local.get $q) (i32.const 2))))
                  (local.get $S)) (i32.const 3))))
              (local.set $den (f64.add (local.get $den) (local.get $w)))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $weigh)))

          (if (i32.or (i32.or (i32.eqz (local.get $cnt)) (i32.lt_s (local.get $cnt) (local.get $minPoints)))
                (f64.eq (local.get $den) (f64.const 0)))
            (then
              (local.set $e (i32.const 0))
              (loop $blank
                (f32.store (i32.add (local.get $cell) (i32.mul (local.get $e) (local.get $plane))) (f32.const nan))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br_if $blank (i32.lt_s (local.get $e) (local.get $S))))
              (br $stored)))

          ;; Each element's sum in neighbour order from 0, two elements a lane pair, eight at a time so that four
          ;; chains of additions run side by side; the same additions as the scalar sums, so the same bits.
          (local.set $vd (f64x2.splat (local.get $den)))
          (local.set $e (i32.const 0))
          (block $eights
            (loop $eight
              (br_if $eights (i32.gt_s (i32.add (local.get $e) (i32.const 8)) (local.get $S)))
              (local.set $n0 (v128.const f64x2 0 0)) (local.set $n1 (v128.const f64x2 0 0))
              (local.set $n2 (v128.const f64x2 0 0)) (local.set $n3 (v128.const f64x2 0 0))
              (local.set $q (i32.const 0))
              (loop $terms
                (local.set $vw (v128.load64_splat (i32.add (local.get $wq) (i32.shl (local.get $q) (i32.const 3)))))
                (local.set $p (i32.add
                  (i32.load (i32.add (local.get $rq) (i32.shl (local.get $q) (i32.const 2))))
                  (i32.shl (local.get $e) (i32.const 3))))
                (local.set $n0 (f64x2.add (local.get $n0) (f64x2.mul (local.get $vw) (v128.load offset=0 align=8 (local.get $p)))))
                (local.set $n1 (f64x2.add (local.get $n1) (f64x2.mul (local.get $vw) (v128.load offset=16 align=8 (local.get $p)))))
                (local.set $n2 (f64x2.add (local.get $n2) (f64x2.mul (local.get $vw) (v128.load offset=32 align=8 (local.get $p)))))
                (local.set $n3 (f64x2.add (local.get $n3) (f64x2.mul (local.get $vw) (v128.load offset=48 align=8 (local.get $p)))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br_if $terms (i32.lt_s (local.get $q) (local.get $cnt))))
              ;; Rounded to f32 as a Float32Array store rounds them, element after element down the planes.
              (local.set $p (i32.add (local.get $cell) (i32.mul (local.get $e) (local.get $plane))))
              (local.set $n0 (f64x2.div (local.get $n0) (local.get $vd)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $n0))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $n0))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (local.set $n1 (f64x2.div (local.get $n1) (local.get $vd)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $n1))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $n1))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (local.set $n2 (f64x2.div (local.get $n2) (local.get $vd)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $n2))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $n2))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (local.set $n3 (f64x2.div (local.get $n3) (local.get $vd)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $n3))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $n3))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (local.set $e (i32.add (local.get $e) (i32.const 8)))
              (br $eight)))
          (block $pairs
            (loop $pair
              (br_if $pairs (i32.gt_s (i32.add (local.get $e) (i32.const 2)) (local.get $S)))
              (local.set $n0 (v128.const f64x2 0 0))
              (local.set $q (i32.const 0))
              (loop $terms2
                (local.set $p (i32.add
                  (i32.load (i32.add (local.get $rq) (i32.shl (local.get $q) (i32.const 2))))
                  (i32.shl (local.get $e) (i32.const 3))))
                (local.set $n0 (f64x2.add (local.get $n0) (f64x2.mul
                  (v128.load64_splat (i32.add (local.get $wq) (i32.shl (local.get $q) (i32.const 3))))
                  (v128.load align=8 (local.get $p)))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br_if $terms2 (i32.lt_s (local.get $q) (local.get $cnt))))
              (local.set $p (i32.add (local.get $cell) (i32.mul (local.get $e) (local.get $plane))))
              (local.set $n0 (f64x2.div (local.get $n0) (local.get $vd)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $n0))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (f32.store (local.get $p) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $n0))))
              (local.set $p (i32.add (local.get $p) (local.get $plane)))
              (local.set $e (i32.add (local.get $e) (i32.const 2)))
              (br $pair)))
          (if (i32.lt_s (local.get $e) (local.get $S))
            (then
              (local.set $t (f64.const 0))
              (local.set $q (i32.const 0))
              (loop $terms1
                (local.set $t (f64.add (local.get $t) (f64.mul
                  (f64.load (i32.add (local.get $wq) (i32.shl (local.get $q) (i32.const 3))))
                  (f64.load (i32.add
                    (i32.load (i32.add (local.get $rq) (i32.shl (local.get $q) (i32.const 2))))
                    (i32.shl (local.get $e) (i32.const 3)))))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (br_if $terms1 (i32.lt_s (local.get $q) (local.get $cnt))))
              (f32.store (i32.add (local.get $cell) (i32.mul (local.get $e) (local.get $plane)))
                (f32.demote_f64 (f64.div (local.get $t) (local.get $den)))))))

        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $colLoop (i32.lt_s (local.get $c) (local.get $c1))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rowLoop (i32.lt_s (local.get $r) (local.get $r1)))))

)
