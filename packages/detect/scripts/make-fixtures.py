"""Oracle fixtures for @llmnist/detect, written with pycocotools (the COCO numbers) and plain
float64 Python (NMS, soft-NMS, written independently of the TypeScript).

Run from the repository root with the reference environment (../shared/tools/setup-reference.sh
builds one with pycocotools and numpy):

    /tmp/llmnist-ref/bin/python packages/detect/scripts/make-fixtures.py

It rewrites packages/detect/src/fixtures/{coco-cases,nms-cases}.json; the tests read them and
need no Python. Everything is seeded, so a rerun with the same versions writes the same files.
"""

import contextlib
import copy
import io
import json
import math
import os
from importlib.metadata import version

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "fixtures")


# ---------------------------------------------------------------- synthetic COCO sets

def side_for(rng, area_range):
    """Width, height (1 decimal) whose product falls in a COCO area range."""
    lo, hi = {"small": (4, 30), "medium": (34, 94), "large": (100, 300)}[area_range]
    return round(float(rng.uniform(lo, hi)), 1), round(float(rng.uniform(lo, hi)), 1)


def make_objects(rng, n, size, crowd_rate, area_jitter):
    objects = []
    for _ in range(n):
        w, h = side_for(rng, rng.choice(["small", "medium", "large"]))
        w, h = min(w, size - 1), min(h, size - 1)
        x = round(float(rng.uniform(0, size - w)), 1)
        y = round(float(rng.uniform(0, size - h)), 1)
        area = w * h
        # pycocotools takes a ground truth's area from its `area` field (a segmentation's area), not its box.
        if area_jitter and rng.random() < 0.3:
            area = area * float(rng.uniform(0.6, 1.0))
        objects.append((x, y, w, h, round(area, 2), int(rng.random() < crowd_rate)))
    return objects


def jitter(rng, box, amount):
    x, y, w, h = box
    dx, dy = rng.normal(0, amount * w), rng.normal(0, amount * h)
    sw, sh = math.exp(rng.normal(0, amount)), math.exp(rng.normal(0, amount))
    return [round(float(x + dx), 2), round(float(y + dy), 2), round(float(w * sw), 2), round(float(h * sh), 2)]


def synthetic_case(seed, n_images, categories, max_objects, crowd_rate=0.05, empty_image_rate=0.2,
                   no_det_categories=(), no_gt_categories=(), crowded_image=None, score_decimals=2,
                   area_jitter=True, extra_fp=3, loose_rate=0.66):
    rng = np.random.default_rng(seed)
    image_ids = [int(v) for v in rng.permutation(np.arange(1, 4 * n_images, 4))[:n_images]]  # sparse, unsorted
    cat_ids = [c for c, _ in categories]
    gt_cats = [c for c in cat_ids if c not in no_gt_categories]
    det_cats = [c for c in cat_ids if c not in no_det_categories]
    annotations, detections = [], []
    ann_id = 1
    for image_id in image_ids:
        size = int(rng.integers(200, 700))
        n = 0 if rng.random() < empty_image_rate else int(rng.integers(1, max_objects + 1))
        if crowded_image is not None and image_id == image_ids[0]:
            n = crowded_image["objects"]
        for (x, y, w, h, area, crowd) in make_objects(rng, n, size, crowd_rate, area_jitter):
            cat = int(rng.choice(gt_cats))
            annotations.append([ann_id, image_id, cat, x, y, w, h, area, crowd])
            ann_id += 1
            # detections near the object: hits, loose boxes, duplicates; crowds draw several
            for _ in range(int(rng.integers(0 if loose_rate > 0.5 else 1, 5 if crowd else 3))):
                det_cat = cat if rng.random() < 0.85 else int(rng.choice(det_cats))
                if det_cat in no_det_categories:
                    continue
                amount = float(rng.choice([0.08, 0.25])) if rng.random() < loose_rate else 0.02
                box = jitter(rng, (x, y, w, h), amount)
                if crowd:  # a piece of the crowd region
                    box = [round(x + float(rng.uniform(0, w / 2)), 2), round(y + float(rng.uniform(0, h / 2)), 2),
                           round(w / 3, 2), round(h / 3, 2)]
                box[2], box[3] = max(box[2], 0.0), max(box[3], 0.0)
                score = rng.uniform(0.4, 1.0) if amount == 0.02 and not crowd else rng.random()  # tight boxes score higher
                detections.append([image_id, det_cat, *box, round(float(score), score_decimals)])
        for _ in range(int(rng.integers(0, extra_fp + 1))):  # false positives anywhere
            w, h = side_for(rng, rng.choice(["small", "medium", "large"]))
            box = [round(float(rng.uniform(0, size - 1)), 2), round(float(rng.uniform(0, size - 1)), 2), w, h]
            detections.append([image_id, int(rng.choice(det_cats)), *box, round(float(rng.random()), score_decimals)])
        if crowded_image is not None and image_id == image_ids[0]:
            for _ in range(crowded_image["detections"]):
                w, h = side_for(rng, rng.choice(["small", "medium", "large"]))
                box = [round(float(rng.uniform(0, size - w)), 1), round(float(rng.uniform(0, size - h)), 1), w, h]
                detections.append([image_id, int(det_cats[0]), *box, round(float(rng.random()), score_decimals)])
    order = rng.permutation(len(detections))  # results files come in any order
    detections = [detections[i] for i in order]
    return {
        "images": image_ids,
        "categories": [[c, name] for c, name in categories],
        "annotations": annotations,
        "detections": detections,
    }


def hand_case():
    """Small, hand-made: exact IoU ties between two ground truths, identical detections with equal
    scores, a crowd region, areas exactly on the small/medium/large bounds (1024, 9216), a ground
    truth whose `area` differs from its box, zero-size detections, negative annotation ids,
    category ids out of order and an image with nothing."""
    categories = [[7, "seven"], [3, "three"], [11, "eleven"]]
    annotations = [
        [5, 20, 3, 0, 0, 32, 32, 1024, 0],          # area exactly 32^2: small and medium
        [6, 20, 3, 64, 0, 32, 32, 1024, 0],
        [-4, 20, 3, 200, 200, 96, 96, 9216, 0],     # exactly 96^2: medium and large
        [9, 20, 7, 0, 100, 100, 100, 500.5, 0],     # box 100x100 but a small area field
        [10, 20, 7, 300, 300, 200, 200, 40000, 1],  # crowd region
        [11, 30, 11, 10, 10, 50, 40, 2000, 0],
        [12, 30, 11, 10, 10, 50, 40, 2000, 0],      # the same box twice
        [13, 30, 3, 0, 0, 20, 20, 400, 0],
        [14, 30, 7, 100, 100, 40, 40, 1600, 0],     # two overlapping objects...
        [15, 30, 7, 110, 100, 40, 40, 1600, 0],
    ]
    detections = [
        [20, 3, 32, 0, 32, 32, 0.9],       # between the first two, touching neither
        [20, 3, 16, 0, 64, 32, 0.9],       # IoU 0.2 with each of the first two
        [20, 3, 0, 0, 32, 32, 0.9],
        [20, 3, 0, 0, 32, 32, 0.9],        # duplicate
        [20, 3, 200, 200, 96, 96, 0.5],
        [20, 3, 210, 200, 96, 96, 0.5],
        [20, 7, 0, 100, 100, 100, 0.8],
        [20, 7, 310, 310, 50, 50, 0.95],   # inside the crowd region
        [20, 7, 320, 320, 50, 50, 0.95],
        [20, 7, 300, 300, 200, 200, 0.3],
        [20, 7, 600, 600, 0, 10, 0.99],    # zero width
        [30, 11, 10, 10, 50, 40, 0.7],
        [30, 11, 10, 10, 50, 40, 0.7],
        [30, 11, 12, 10, 50, 40, 0.7],
        [30, 3, 0, 0, 20, 20, 0.6],
        [30, 7, 105, 100, 40, 40, 0.9],    # ...and a box between them, IoU 7/9 with both: the later one is taken
        [30, 7, 100, 100, 40, 40, 0.8],    # so this one matches the first at IoU 1 (0.6 with the second)
        [40, 11, 5, 5, 31, 33, 0.4],       # image without ground truth: area 1023
    ]
    return {"images": [40, 30, 20, 50], "categories": categories, "annotations": annotations, "detections": detections}


# ---------------------------------------------------------------- pycocotools

def to_coco(case):
    gt = {
        "images": [{"id": i, "width": 640, "height": 480} for i in case["images"]],
        "categories": [{"id": c, "name": n} for c, n in case["categories"]],
        "annotations": [
            {"id": a[0], "image_id": a[1], "category_id": a[2], "bbox": a[3:7], "area": a[7], "iscrowd": a[8]}
            for a in case["annotations"]
        ],
    }
    dets = [{"image_id": d[0], "category_id": d[1], "bbox": d[2:6], "score": d[6]} for d in case["detections"]]
    return gt, dets


def run_cocoeval(case, with_arrays=False):
    gt_json, dets = to_coco(case)
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = copy.deepcopy(gt_json)
        gt.createIndex()
        if dets:
            dt = gt.loadRes(copy.deepcopy(dets))
        else:  # loadRes cannot take an empty list (it reads anns[0]); an empty results set by hand
            dt = COCO()
            dt.dataset = {"images": list(gt.dataset["images"]), "categories": copy.deepcopy(gt.dataset["categories"]), "annotations": []}
            dt.createIndex()
        E = COCOeval(gt, dt, iouType="bbox")
        E.evaluate()
        E.accumulate()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        E.summarize()
    precision = E.eval["precision"]  # [T, R, K, A, M]
    per_class = []
    for k, cat_id in enumerate(E.params.catIds):
        p = precision[:, :, k, 0, -1]
        p50 = precision[0, :, k, 0, -1]
        per_class.append({
            "category_id": int(cat_id),
            "ap": float(np.mean(p[p > -1])) if (p > -1).any() else -1.0,
            "ap50": float(np.mean(p50[p50 > -1])) if (p50 > -1).any() else -1.0,
        })
    expected = {"stats": [float(v) for v in E.stats], "per_class": per_class, "summary": printed.getvalue()}
    if with_arrays:
        expected["recall"] = [float(v) for v in E.eval["recall"].ravel()]  # [T, K, A, M]
        expected["precision_sum_over_recall"] = [float(v) for v in precision.sum(axis=1).ravel()]  # [T, K, A, M]
    return expected


# ---------------------------------------------------------------- NMS, soft-NMS (float64 references)

def area_xyxy(b):
    return (b[2] - b[0]) * (b[3] - b[1])


def iou_xyxy(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = area_xyxy(a) + area_xyxy(b) - inter
    return inter / union if union > 0 else 0.0


def nms_reference(boxes, scores, classes, iou_threshold, max_detections):
    """Greedy NMS run per class separately; the classes' survivors merged by score (ties: index)."""
    kept = []
    for c in sorted(set(classes)):
        members = sorted((i for i in range(len(boxes)) if classes[i] == c), key=lambda i: (-scores[i], i))
        survivors = []
        for i in members:
            if all(iou_xyxy(boxes[i], boxes[j]) <= iou_threshold for j in survivors):
                survivors.append(i)
        kept += survivors
    kept.sort(key=lambda i: (-scores[i], i))
    return kept[:max_detections] if max_detections is not None else kept


def soft_nms_reference(boxes, scores, classes, method, sigma, iou_threshold, score_threshold, max_detections):
    """Bodla et al. 2017, Algorithm 1, per class: pick the top box, decay the rest by f(IoU), drop
    scores under the threshold. Selections of all classes merged by score (ties: index)."""
    selected = []
    for c in sorted(set(classes)):
        remaining = {i: scores[i] for i in range(len(boxes)) if classes[i] == c and scores[i] >= score_threshold}
        while remaining:
            m = min(remaining, key=lambda i: (-remaining[i], i))
            selected.append((remaining.pop(m), m))
            for i in list(remaining):
                o = iou_xyxy(boxes[m], boxes[i])
                if method == "gaussian":
                    remaining[i] *= math.exp(-(o * o) / sigma)
                elif o > iou_threshold:
                    remaining[i] *= 1 - o
                if remaining[i] < score_threshold:
                    del remaining[i]
    selected.sort(key=lambda s: (-s[0], s[1]))
    if max_detections is not None:
        selected = selected[:max_detections]
    return [i for _, i in selected], [s for s, _ in selected]


def random_boxes(rng, n, n_classes, clustered):
    boxes, scores, classes = [], [], []
    centres = rng.uniform(50, 450, size=(max(n // 8, 1), 2))
    for _ in range(n):
        if clustered:  # overlapping groups, as a detector's raw output
            cx, cy = centres[int(rng.integers(len(centres)))] + rng.normal(0, 8, 2)
        else:
            cx, cy = rng.uniform(0, 500, 2)
        w, h = rng.uniform(5, 80, 2)
        boxes.append([round(float(cx - w / 2), 2), round(float(cy - h / 2), 2), round(float(cx + w / 2), 2), round(float(cy + h / 2), 2)])
        scores.append(round(float(rng.random()), 2))  # 2 decimals: many equal scores
        classes.append(int(rng.integers(n_classes)))
    return boxes, scores, classes


def nms_cases():
    cases = []
    for seed, n, n_classes, clustered in [(1, 300, 4, True), (2, 120, 1, True), (3, 400, 10, False)]:
        rng = np.random.default_rng(100 + seed)
        boxes, scores, classes = random_boxes(rng, n, n_classes, clustered)
        boxes.append(list(boxes[0]))  # an exact duplicate of box 0 with box 0's score
        scores.append(scores[0])
        classes.append(classes[0])
        case = {"seed": seed, "boxes": boxes, "scores": scores, "classes": classes, "nms": [], "soft_nms": []}
        for thr, max_det in [(0.5, None), (0.3, None), (0.7, 50), (0.0, None), (1.0, 25)]:
            case["nms"].append({"iou_threshold": thr, "max_detections": max_det,
                                "keep": nms_reference(boxes, scores, classes, thr, max_det)})
        for method, sigma, thr, score_thr, max_det in [("linear", 0.5, 0.3, 0.001, None), ("gaussian", 0.5, 0.3, 0.001, None),
                                                       ("gaussian", 0.1, 0.3, 0.05, 60), ("linear", 0.5, 0.6, 0.2, None)]:
            keep, kept_scores = soft_nms_reference(boxes, scores, classes, method, sigma, thr, score_thr, max_det)
            case["soft_nms"].append({"method": method, "sigma": sigma, "iou_threshold": thr, "score_threshold": score_thr,
                                     "max_detections": max_det, "keep": keep, "scores": kept_scores})
        cases.append(case)
    return cases


def numpy_sums():
    """np.add.reduce of float64 arrays of several lengths (pairwise summation, 8-way unrolled)."""
    rng = np.random.default_rng(11)
    out = []
    for n in (5, 8, 100, 129, 300, 1037):
        values = np.round(rng.random(n) * rng.choice([1e-3, 1.0, 1e3], n), 6)
        out.append({"values": values.tolist(), "sum": float(np.add.reduce(values)), "mean": float(np.mean(values))})
    return out


# ---------------------------------------------------------------- main

def main():
    os.makedirs(OUT, exist_ok=True)
    cats5 = [[1, "zero"], [2, "one"], [3, "two"], [4, "three"], [5, "four"]]
    coco_specs = [
        ("mixed", "40 images (a fifth without ground truth), 5 categories, crowds, every area range, 2-decimal scores (ties)",
         synthetic_case(1, 40, cats5, 12), True),
        ("good-detector", "mostly tight, higher-scoring boxes (mAP about 0.55), 60 images, 5 categories, few false positives",
         synthetic_case(7, 60, cats5, 6, extra_fp=1, loose_rate=0.2), False),
        ("over-100-per-image", "one image with 180 detections (top 100 kept), another category without detections",
         synthetic_case(2, 12, cats5, 8, no_det_categories=(5,), crowded_image={"objects": 30, "detections": 180}), True),
        ("empty-detections", "ground truth and no detections at all", {**synthetic_case(3, 10, cats5, 6), "detections": []}, False),
        ("crowds", "a third of the ground truth is crowd regions with many detections inside them",
         synthetic_case(4, 25, cats5[:3], 8, crowd_rate=0.35), False),
        ("ties", "scores with 1 decimal (many ties across images), a category with detections but no ground truth",
         synthetic_case(5, 30, cats5, 10, no_gt_categories=(4,), score_decimals=1), False),
        ("hand-made", "exact IoU ties, duplicate detections, areas on the range bounds, zero-size boxes, negative ids",
         hand_case(), True),
        ("no-ground-truth", "detections, no annotations: every number is -1",
         {**synthetic_case(6, 5, cats5[:2], 4), "annotations": []}, False),
    ]
    params = COCOeval(iouType="bbox").params
    coco = {
        "generator": "packages/detect/scripts/make-fixtures.py",
        "pycocotools": version("pycocotools"),
        "numpy": np.__version__,
        "iou_thresholds": [float(v) for v in params.iouThrs],
        "recall_thresholds": [float(v) for v in params.recThrs],
        "cases": [],
        "numpy_sums": numpy_sums(),
    }
    for name, description, case, with_arrays in coco_specs:
        per_image = {}
        for d in case["detections"]:
            per_image[(d[0], d[1])] = per_image.get((d[0], d[1]), 0) + 1
        coco["cases"].append({"name": name, "description": description, **case,
                              "expected": run_cocoeval(case, with_arrays)})
        print(f"{name}: {len(case['images'])} images, {len(case['annotations'])} annotations, "
              f"{len(case['detections'])} detections (max {max(per_image.values(), default=0)} per image and category), "
              f"mAP {coco['cases'][-1]['expected']['stats'][0]:.4f}")
    with open(os.path.join(OUT, "coco-cases.json"), "w") as f:
        json.dump(coco, f, separators=(",", ":"))
    with open(os.path.join(OUT, "nms-cases.json"), "w") as f:
        json.dump({"generator": "packages/detect/scripts/make-fixtures.py", "cases": nms_cases()}, f, separators=(",", ":"))
    for name in ("coco-cases.json", "nms-cases.json"):
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


if __name__ == "__main__":
    main()
