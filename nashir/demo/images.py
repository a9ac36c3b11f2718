"""Original demo pictures drawn locally with Pillow: a scene per story, picked by its subject.

Each story gets a scene that fits it — a stadium for sport, a coastline for a storm, a chart
over a market for prices, a conference room for a summit, shelves of books for a fair — drawn
with its own variations (light, palette, positions) from the slug, so the same story always gets
the same picture and two stories of a section do not look alike. Nothing is downloaded.
"""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 675)

# Words of a slug → the scene that illustrates it (first match wins), then a scene per section.
SUBJECTS = (
    (("storm", "coast", "sea", "beach"), "coast"),
    (("shipping", "port", "beirut"), "port"),
    (("stadium", "league", "derby", "title", "match", "club"), "stadium"),
    (("wheat", "harvest", "farm", "irrigation", "ghab"), "field"),
    (("solar", "panel"), "solar"),
    (("meeting", "summit", "forum", "conference"), "conference"),
    (("book", "novel", "translation", "read"), "books"),
    (("cinema", "theatre", "theater", "film"), "theatre"),
    (("school", "exam", "student", "studying"), "classroom"),
    (("vaccination", "dialysis", "hospital", "clinic", "health"), "clinic"),
    (("internet", "fibre", "network", "startup"), "network"),
    (("water", "well", "tanker", "pumping", "heatwave"), "water"),
    (("price", "bread", "bakeries", "payment", "medicine", "loan"), "market"),
)
SECTION_SCENES = {
    "syria": ("city", "water", "city"),
    "arab-world": ("conference", "port", "city"),
    "economy": ("market", "field", "solar"),
    "culture": ("books", "theatre"),
    "sport": ("stadium",),
    "opinion": ("desk",),
}

PALETTES = {
    "dawn": ((250, 214, 165), (238, 150, 110), (92, 52, 60)),
    "noon": ((196, 226, 245), (150, 196, 230), (40, 70, 100)),
    "dusk": ((255, 190, 150), (170, 110, 160), (50, 40, 80)),
    "night": ((40, 52, 92), (24, 30, 60), (10, 12, 28)),
    "grey": ((205, 210, 218), (160, 168, 180), (60, 66, 76)),
}


def _rng(key):
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def subject_for(slug, section):
    """The scene a story is illustrated with: by the words of its slug, else by its section."""
    words = slug.split("-")
    for keys, scene in SUBJECTS:
        if any(word.startswith(key) for key in keys for word in words):
            return scene
    choices = SECTION_SCENES.get(section, ("city",))
    return choices[_rng(slug).randrange(len(choices))]


def _sky(draw, size, top, bottom, horizon=1.0):
    width, height = size
    end = int(height * horizon)
    for y in range(end):
        t = y / max(1, end)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _shade(colour, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in colour)


def _sun(draw, rng, size, colour=(255, 236, 180)):
    x, y, r = rng.randint(120, size[0] - 120), rng.randint(70, 200), rng.randint(36, 70)
    draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def _clouds(draw, rng, size, colour, count=4):
    for _ in range(count):
        x, y = rng.randint(-50, size[0]), rng.randint(30, int(size[1] * 0.35))
        for i in range(5):
            r = rng.randint(30, 70)
            draw.ellipse([x + i * 45 - r, y - r // 2, x + i * 45 + r, y + r // 2], fill=colour)


def paint_city(draw, rng, size):
    width, height = size
    top, bottom, ink = PALETTES[rng.choice(["dawn", "dusk", "noon"])]
    _sky(draw, size, top, bottom)
    _sun(draw, rng, size)
    ground = int(height * 0.82)
    for layer, factor in ((0, 0.75), (1, 0.5)):
        x = rng.randint(-40, 0)
        while x < width:
            w, h = rng.randint(50, 130), rng.randint(120, 360) - layer * 60
            colour = _shade(ink, factor + 0.25 * (1 - layer))
            draw.rectangle([x, ground - h, x + w, ground], fill=colour)
            if rng.random() < 0.25:  # a dome or a water tank on the roof
                draw.ellipse(
                    [x + w * 0.2, ground - h - w * 0.3, x + w * 0.8, ground - h + w * 0.3],
                    fill=colour,
                )
            if layer:
                for wy in range(ground - h + 14, ground - 16, 26):
                    for wx in range(x + 10, x + w - 12, 20):
                        if rng.random() < 0.45:
                            draw.rectangle([wx, wy, wx + 8, wy + 12], fill=(250, 222, 150))
            x += w + rng.randint(4, 40)
    draw.rectangle([0, ground, width, height], fill=_shade(ink, 0.45))
    for x in range(0, width, 90):
        draw.rectangle([x, ground + 40, x + 50, ground + 46], fill=(230, 220, 190))


def paint_coast(draw, rng, size):
    width, height = size
    storm = rng.random() < 0.6
    top, bottom = ((96, 108, 126), (168, 176, 186)) if storm else ((150, 200, 235), (220, 236, 245))
    horizon = int(height * rng.uniform(0.42, 0.5))
    _sky(draw, size, top, bottom, horizon / height)
    _clouds(draw, rng, size, (70, 78, 92) if storm else (250, 250, 252), 6 if storm else 3)
    sea_top, sea_bottom = ((44, 78, 98), (20, 44, 60)) if storm else ((40, 120, 170), (20, 80, 130))
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(sea_top, sea_bottom, strict=True)),
        )
    for row in range(14):
        y = horizon + 12 + row * row * 2.6
        amp = 3 + row * (1.6 if storm else 0.8)
        for x in range(-40, width, rng.randint(60, 110)):
            draw.arc(
                [x, y - amp, x + 70 + row * 6, y + amp],
                200,
                340,
                fill=(225, 235, 240),
                width=2 + row // 4,
            )
    shore = [(0, height)]
    for x in range(0, width + 60, 60):
        shore.append((x, int(height * 0.86) + int(20 * (x / width)) + rng.randint(-6, 6)))
    shore.append((width, height))
    draw.polygon(shore, fill=(196, 176, 140))
    base = int(height * 0.86)  # the corniche railing
    draw.line([(0, base - 28), (width, base - 12)], fill=(90, 90, 96), width=4)
    for x in range(0, width, 40):
        draw.line(
            [(x, base - 28 + x * 16 / width), (x, base + x * 16 / width)],
            fill=(90, 90, 96),
            width=3,
        )
    lx = rng.choice([rng.randint(60, 260), rng.randint(width - 260, width - 80)])
    draw.polygon(
        [(lx, base - 40), (lx + 26, base - 40), (lx + 18, base - 230), (lx + 8, base - 230)],
        fill=(235, 235, 232),
    )
    for k in range(3):
        draw.rectangle(
            [lx + 4 + k, base - 180 + k * 50, lx + 22 - k, base - 160 + k * 50], fill=(190, 40, 40)
        )
    draw.rectangle([lx + 4, base - 256, lx + 22, base - 230], fill=(250, 220, 120))


def paint_stadium(draw, rng, size):
    width, height = size
    night = rng.random() < 0.5
    _sky(
        draw,
        size,
        *(((18, 26, 52), (50, 66, 110)) if night else ((140, 190, 235), (200, 225, 245))),
        0.4,
    )
    stand_top = int(height * 0.22)
    pitch_top = int(height * 0.52)
    draw.polygon(
        [(0, stand_top + 60), (width, stand_top), (width, pitch_top), (0, pitch_top)],
        fill=(70, 74, 84),
    )
    colours = [(200, 40, 40), (240, 240, 240), (40, 90, 170), (240, 200, 40), (30, 30, 30)]
    for y in range(stand_top + 20, pitch_top - 6, 9):
        for x in range(0, width, 8):
            if y > stand_top + 60 - x * 60 / width + 6 and rng.random() < 0.8:
                draw.rectangle([x, y, x + 4, y + 4], fill=rng.choice(colours))
    for y in range(pitch_top, height):
        stripe = ((y - pitch_top) // 34) % 2
        draw.line([(0, y), (width, y)], fill=(48, 150, 70) if stripe else (58, 165, 80))
    cx = width // 2 + rng.randint(-200, 200)
    draw.line([(0, pitch_top + 30), (width, pitch_top + 30)], fill=(235, 245, 235), width=4)
    draw.line([(cx, pitch_top + 30), (cx + 80, height)], fill=(235, 245, 235), width=4)
    draw.ellipse(
        [cx - 150, pitch_top + 90, cx + 170, pitch_top + 230], outline=(235, 245, 235), width=4
    )
    for x in (rng.randint(40, 200), rng.randint(width - 220, width - 60)):
        draw.rectangle([x, 40, x + 8, stand_top + 40], fill=(120, 124, 130))
        draw.rectangle([x - 30, 20, x + 38, 56], fill=(255, 250, 210) if night else (210, 214, 220))
    gx = rng.randint(200, width - 400)
    draw.rectangle(
        [gx, pitch_top + 50, gx + 160, pitch_top + 110], outline=(250, 250, 250), width=5
    )
    draw.ellipse([cx + 30, height - 120, cx + 62, height - 88], fill=(250, 250, 250))


def paint_market(draw, rng, size):
    width, height = size
    top, bottom, ink = PALETTES[rng.choice(["noon", "grey", "dawn"])]
    _sky(draw, size, _shade(top, 1.02), bottom)
    board = [80, 60, width - 80, int(height * 0.66)]
    draw.rounded_rectangle(board, radius=18, fill=(22, 30, 40))
    for i in range(1, 5):
        y = board[1] + i * (board[3] - board[1]) // 5
        draw.line([(board[0] + 20, y), (board[2] - 20, y)], fill=(60, 72, 86), width=2)
    points, value = [], rng.uniform(0.25, 0.5)
    bars = rng.randint(10, 14)
    trend = rng.choice([-1, 1]) * rng.uniform(0.02, 0.05)
    step = (board[2] - board[0] - 80) / bars
    candles = rng.random() < 0.6
    for i in range(bars):
        opened = value
        value = min(0.92, max(0.08, value + trend + rng.uniform(-0.12, 0.12)))
        x = board[0] + 40 + i * step
        y1 = board[3] - 30 - opened * (board[3] - board[1] - 60)
        y2 = board[3] - 30 - value * (board[3] - board[1] - 60)
        colour = (70, 200, 120) if value >= opened else (230, 80, 70)
        if candles:
            draw.line(
                [(x + step * 0.35, min(y1, y2) - 18), (x + step * 0.35, max(y1, y2) + 18)],
                fill=colour,
                width=3,
            )
            draw.rectangle(
                [x + step * 0.12, min(y1, y2), x + step * 0.58, max(y1, y2) + 4], fill=colour
            )
        else:
            draw.rectangle(
                [x + step * 0.12, y2, x + step * 0.7, board[3] - 30], fill=(70, 130, 200)
            )
        points.append((x + step * 0.35, y2))
    draw.line(points, fill=(250, 210, 90), width=4)
    counter = int(height * 0.72)
    draw.rectangle([0, counter, width, height], fill=_shade(ink, 0.9))
    x = 30
    produce = [(230, 120, 40), (200, 40, 40), (240, 200, 60), (120, 170, 60), (170, 110, 60)]
    while x < width - 40:
        w = rng.randint(110, 170)
        draw.rectangle([x, counter + 30, x + w, counter + 90], fill=(150, 110, 70))
        colour = rng.choice(produce)
        for k in range(10):
            px, py = x + 10 + (k % 5) * (w - 20) / 5, counter + 6 + (k // 5) * 22
            draw.ellipse([px, py, px + 26, py + 26], fill=colour)
        x += w + rng.randint(12, 30)
    for x in range(0, width, 120):  # the awning
        draw.polygon(
            [(x, counter - 6), (x + 60, counter - 6), (x + 60, counter + 14), (x, counter + 22)],
            fill=(190, 50, 50),
        )
        draw.polygon(
            [
                (x + 60, counter - 6),
                (x + 120, counter - 6),
                (x + 120, counter + 22),
                (x + 60, counter + 14),
            ],
            fill=(245, 240, 230),
        )


def paint_field(draw, rng, size):
    width, height = size
    top, bottom, _ = PALETTES[rng.choice(["dawn", "noon"])]
    horizon = int(height * rng.uniform(0.38, 0.48))
    _sky(draw, size, top, bottom, horizon / height)
    _sun(draw, rng, size)
    draw.polygon(
        [
            (0, horizon),
            (width * 0.3, horizon - 40),
            (width * 0.6, horizon - 10),
            (width, horizon - 50),
            (width, horizon),
            (0, horizon),
        ],
        fill=(120, 130, 110),
    )
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        draw.line(
            [(0, y), (width, y)], fill=(int(220 - 40 * t), int(180 - 50 * t), int(70 - 30 * t))
        )
    vanish = (width * rng.uniform(0.3, 0.7), horizon)
    for x in range(-width, 2 * width, 60):
        draw.line([vanish, (x, height)], fill=(170, 120, 40), width=2)
    for _ in range(260):
        x, y = rng.randint(0, width), rng.randint(horizon + 40, height)
        scale = (y - horizon) / (height - horizon)
        draw.line(
            [(x, y), (x + 3 * scale, y - 30 * scale)],
            fill=(240, 205, 100),
            width=max(1, int(3 * scale)),
        )
    if rng.random() < 0.6:  # an irrigation pipe or a tractor far away
        tx = rng.randint(200, width - 260)
        draw.rectangle([tx, horizon + 20, tx + 70, horizon + 50], fill=(190, 40, 40))
        draw.ellipse([tx + 40, horizon + 34, tx + 74, horizon + 68], fill=(40, 40, 40))


def paint_solar(draw, rng, size):
    width, height = size
    _sky(draw, size, (120, 185, 240), (215, 235, 250))
    _sun(draw, rng, size, (255, 240, 170))
    roof = int(height * 0.5)
    draw.rectangle([0, roof, width, height], fill=(200, 190, 175))
    for row in range(3):
        y = roof + 30 + row * 110
        x = 40 + (row % 2) * 60
        while x < width - 160:
            w, h = 180, 80
            draw.polygon(
                [(x, y + h), (x + w, y + h), (x + w - 30, y), (x + 30, y)], fill=(28, 52, 110)
            )
            for k in range(1, 4):
                draw.line(
                    [
                        (x + 30 - 30 * k / 4 + (w - 60) * 0, y + h * k / 4),
                        (x + w - 30 + 30 * k / 4, y + h * k / 4),
                    ],
                    fill=(140, 170, 220),
                    width=1,
                )
            for k in range(1, 6):
                draw.line(
                    [(x + 30 + (w - 60) * k / 6, y), (x + w * k / 6, y + h)],
                    fill=(140, 170, 220),
                    width=1,
                )
            draw.line([(x + 40, y + h), (x + 40, y + h + 20)], fill=(90, 90, 90), width=4)
            draw.line([(x + w - 40, y + h), (x + w - 40, y + h + 20)], fill=(90, 90, 90), width=4)
            x += w + rng.randint(30, 60)
    for x in range(0, width, 260):  # the city beyond the roof
        h = rng.randint(40, 140)
        draw.rectangle([x + 20, roof - h, x + 200, roof], fill=(150, 160, 175))


def paint_conference(draw, rng, size):
    width, height = size
    wall = rng.choice([(214, 204, 186), (188, 200, 210), (200, 196, 210)])
    draw.rectangle([0, 0, width, height], fill=wall)
    draw.rectangle([0, int(height * 0.62), width, height], fill=(120, 80, 60))
    screen = [width * 0.28, 50, width * 0.72, 270]
    draw.rectangle(screen, fill=(30, 40, 60))
    draw.rectangle(
        [screen[0] + 30, screen[1] + 30, screen[2] - 30, screen[1] + 60], fill=(90, 140, 200)
    )
    for i in range(4):
        draw.rectangle(
            [
                screen[0] + 30,
                screen[1] + 90 + i * 34,
                screen[0] + 30 + rng.randint(200, 420),
                screen[1] + 104 + i * 34,
            ],
            fill=(180, 190, 205),
        )
    flags = [
        (200, 40, 40),
        (30, 120, 60),
        (30, 30, 30),
        (240, 240, 240),
        (40, 90, 170),
        (230, 180, 40),
    ]
    for i in range(rng.randint(5, 8)):
        x = 60 + i * 38 if i % 2 == 0 else width - 100 - i * 38
        draw.line([(x, 300), (x, 80)], fill=(150, 130, 90), width=3)
        draw.rectangle([x + 2, 84, x + 30, 150], fill=rng.choice(flags))
    cx = width / 2
    draw.polygon(
        [(cx - 180, 330), (cx + 180, 330), (cx + 520, height), (cx - 520, height)],
        fill=(90, 58, 42),
    )
    draw.polygon(
        [(cx - 150, 340), (cx + 150, 340), (cx + 470, height), (cx - 470, height)],
        fill=(140, 96, 66),
    )
    for side in (-1, 1):
        for k in range(6):
            t = k / 6
            x = cx + side * (200 + 340 * t)
            y = 340 + (height - 360) * t
            r = 18 + 26 * t
            draw.ellipse([x - r, y - 2.4 * r, x + r, y - 0.4 * r], fill=(40, 44, 52))
            draw.rectangle([x - r * 1.4, y - 0.6 * r, x + r * 1.4, y + r * 1.2], fill=(40, 44, 52))
            draw.line(
                [(x - side * r * 1.6, y - 0.2 * r), (x - side * r * 2.6, y - 1.4 * r)],
                fill=(20, 20, 20),
                width=2,
            )
    for x in range(100, width, 220):
        draw.ellipse([x, 6, x + 80, 22], fill=(255, 250, 230))


def paint_books(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(92, 64, 44))
    spines = [
        (160, 40, 40),
        (40, 80, 140),
        (230, 190, 80),
        (40, 120, 90),
        (220, 220, 210),
        (120, 60, 120),
        (200, 110, 50),
        (30, 30, 40),
    ]
    shelf_h = 150
    for top in range(20, height, shelf_h + 22):
        draw.rectangle([0, top + shelf_h, width, top + shelf_h + 22], fill=(60, 40, 28))
        x = 10
        while x < width - 10:
            w = rng.randint(18, 44)
            h = rng.randint(int(shelf_h * 0.65), shelf_h - 4)
            colour = rng.choice(spines)
            if rng.random() < 0.06:  # a leaning book
                draw.polygon(
                    [
                        (x, top + shelf_h),
                        (x + w, top + shelf_h),
                        (x + w + 40, top + shelf_h - h + 10),
                        (x + 40, top + shelf_h - h),
                    ],
                    fill=colour,
                )
                x += w + 44
                continue
            draw.rectangle([x, top + shelf_h - h, x + w, top + shelf_h], fill=colour)
            draw.rectangle(
                [x + 4, top + shelf_h - h + 14, x + w - 4, top + shelf_h - h + 20],
                fill=_shade(colour, 1.35),
            )
            x += w + rng.randint(1, 4)
    if rng.random() < 0.6:  # an open book on a table in front
        y = int(height * 0.7)
        draw.rectangle([0, y, width, height], fill=(150, 110, 80))
        cx = rng.randint(300, width - 300)
        draw.polygon(
            [(cx, y + 30), (cx - 230, y + 10), (cx - 250, y + 150), (cx, y + 170)],
            fill=(248, 244, 232),
        )
        draw.polygon(
            [(cx, y + 30), (cx + 230, y + 10), (cx + 250, y + 150), (cx, y + 170)],
            fill=(240, 236, 222),
        )
        for k in range(6):
            draw.line(
                [(cx - 210, y + 40 + k * 18), (cx - 30, y + 50 + k * 18)],
                fill=(150, 150, 150),
                width=2,
            )
            draw.line(
                [(cx + 30, y + 50 + k * 18), (cx + 210, y + 40 + k * 18)],
                fill=(150, 150, 150),
                width=2,
            )


def paint_theatre(draw, rng, size):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=(20, 14, 20))
    stage = [width * 0.14, 60, width * 0.86, height * 0.62]
    draw.rectangle(stage, fill=(60, 40, 36))
    cone = rng.randint(int(width * 0.35), int(width * 0.65))
    draw.polygon(
        [(cone - 30, 0), (cone + 30, 0), (cone + 200, stage[3]), (cone - 200, stage[3])],
        fill=(110, 90, 70),
    )
    draw.ellipse([cone - 200, stage[3] - 40, cone + 200, stage[3] + 30], fill=(170, 140, 100))
    figure = (30, 20, 20)
    draw.ellipse([cone - 22, stage[3] - 190, cone + 22, stage[3] - 146], fill=figure)
    draw.polygon(
        [
            (cone - 40, stage[3] - 140),
            (cone + 40, stage[3] - 140),
            (cone + 30, stage[3] - 10),
            (cone - 30, stage[3] - 10),
        ],
        fill=figure,
    )
    red = rng.choice([(150, 20, 30), (120, 20, 60), (160, 60, 20)])
    for side in (0, 1):
        x0 = 0 if side == 0 else stage[2]
        x1 = stage[0] + 40 if side == 0 else width
        if side:
            x0 -= 40
        draw.rectangle([x0, 0, x1, height * 0.7], fill=red)
        for x in range(int(x0), int(x1), 22):
            draw.line([(x, 0), (x, height * 0.7)], fill=_shade(red, 0.6), width=6)
    draw.rectangle([0, 0, width, 50], fill=red)
    for x in range(0, width, 40):
        draw.ellipse([x, 30, x + 40, 70], fill=red)
    for row in range(4):  # the seats, from behind
        y = int(height * 0.68) + row * 52
        for x in range(-20 + (row % 2) * 30, width, 60):
            draw.ellipse([x, y, x + 44, y + 40], fill=(12, 8, 12))
            draw.rectangle([x - 6, y + 26, x + 50, y + 70], fill=(120, 20, 30))


def paint_classroom(draw, rng, size):
    width, height = size
    draw.rectangle(
        [0, 0, width, height], fill=rng.choice([(226, 214, 180), (200, 214, 200), (214, 210, 226)])
    )
    board = [width * 0.18, 60, width * 0.82, 330]
    draw.rectangle(
        [board[0] - 14, board[1] - 14, board[2] + 14, board[3] + 14], fill=(140, 100, 60)
    )
    draw.rectangle(board, fill=(36, 70, 54))
    for i in range(5):
        y = board[1] + 40 + i * 50
        x1 = board[2] - 40
        x0 = x1 - rng.randint(180, 560)
        draw.line([(x0, y), (x1, y)], fill=(220, 230, 220), width=4)
    draw.ellipse(
        [board[0] + 40, board[1] + 40, board[0] + 140, board[1] + 140],
        outline=(220, 230, 220),
        width=4,
    )
    draw.rectangle([0, int(height * 0.58), width, height], fill=(170, 140, 110))
    for row in range(3):
        y = int(height * 0.6) + row * 90
        for k in range(4):
            x = 80 + k * 280 + row * 20
            draw.rectangle([x, y, x + 200, y + 24], fill=(120, 84, 52))
            draw.rectangle([x + 10, y + 24, x + 20, y + 80], fill=(80, 60, 40))
            draw.rectangle([x + 180, y + 24, x + 190, y + 80], fill=(80, 60, 40))
            if rng.random() < 0.7:
                draw.ellipse([x + 70, y - 70, x + 120, y - 20], fill=(60, 40, 30))
                draw.rectangle(
                    [x + 60, y - 24, x + 130, y + 4],
                    fill=rng.choice([(40, 90, 160), (200, 60, 60), (240, 240, 240)]),
                )


def paint_clinic(draw, rng, size):
    width, height = size
    _sky(draw, size, (175, 210, 235), (225, 238, 246))
    base = int(height * 0.86)
    draw.rectangle([width * 0.12, 140, width * 0.88, base], fill=(236, 238, 240))
    for row in range(4):
        for k in range(9):
            x = width * 0.16 + k * width * 0.08
            y = 190 + row * 95
            draw.rectangle(
                [x, y, x + 56, y + 60],
                fill=(120, 170, 210) if rng.random() < 0.8 else (250, 230, 160),
            )
    cross = (30, 150, 90)
    cx, cy = width / 2, 90
    draw.rectangle([cx - 70, cy - 70, cx + 70, cy + 70], fill=(255, 255, 255))
    draw.rectangle([cx - 18, cy - 55, cx + 18, cy + 55], fill=cross)
    draw.rectangle([cx - 55, cy - 18, cx + 55, cy + 18], fill=cross)
    draw.rectangle([cx - 90, base - 110, cx + 90, base], fill=(180, 200, 215))
    draw.rectangle([0, base, width, height], fill=(120, 124, 130))
    for x in range(0, width, 140):
        draw.rectangle([x, base + 40, x + 70, base + 46], fill=(240, 240, 240))


def paint_network(draw, rng, size):
    width, height = size
    _sky(draw, size, (16, 24, 44), (30, 46, 80))
    nodes = [(rng.randint(40, width - 40), rng.randint(40, height - 40)) for _ in range(28)]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 < 260**2:
                draw.line([a, b], fill=(60, 130, 200), width=2)
    for x, y in nodes:
        r = rng.randint(6, 14)
        draw.ellipse([x - r * 2, y - r * 2, x + r * 2, y + r * 2], fill=(40, 80, 140))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(120, 220, 255))
    for k in range(5):  # fibre cables along the street
        y = height - 60 - k * 14
        draw.line(
            [(0, y), (width, y - 40)],
            fill=rng.choice([(240, 160, 40), (80, 200, 120), (220, 80, 80)]),
            width=6,
        )


def paint_water(draw, rng, size):
    width, height = size
    top, bottom, ink = PALETTES[rng.choice(["noon", "dawn"])]
    _sky(draw, size, top, bottom)
    _sun(draw, rng, size)
    ground = int(height * 0.78)
    for x in range(0, width, rng.randint(140, 200)):
        h = rng.randint(160, 300)
        draw.rectangle([x, ground - h, x + 130, ground], fill=_shade(ink, 1.3))
        draw.rectangle(
            [x + 30, ground - h - 50, x + 100, ground - h], fill=(70, 110, 160)
        )  # a rooftop tank
        draw.ellipse([x + 30, ground - h - 62, x + 100, ground - h - 38], fill=(90, 130, 180))
    draw.rectangle([0, ground, width, height], fill=(110, 104, 98))
    tx = rng.randint(100, width - 560)  # a water tanker truck
    draw.rounded_rectangle(
        [tx, ground - 150, tx + 330, ground - 40], radius=50, fill=(40, 110, 170)
    )
    draw.rectangle([tx + 340, ground - 130, tx + 450, ground - 40], fill=(210, 60, 50))
    draw.rectangle([tx + 380, ground - 120, tx + 440, ground - 80], fill=(180, 220, 240))
    for wx in (tx + 60, tx + 250, tx + 400):
        draw.ellipse([wx - 30, ground - 70, wx + 30, ground - 10], fill=(30, 30, 30))
    for _ in range(18):
        x, y = rng.randint(tx - 80, tx + 20), rng.randint(ground - 90, ground + 60)
        draw.ellipse([x, y, x + 10, y + 16], fill=(120, 190, 240))


def paint_desk(draw, rng, size):
    width, height = size
    draw.rectangle(
        [0, 0, width, height], fill=rng.choice([(120, 84, 60), (80, 70, 64), (150, 120, 90)])
    )
    for y in range(0, height, 36):
        draw.line(
            [(0, y + rng.randint(-4, 4)), (width, y + rng.randint(-4, 4))],
            fill=(0, 0, 0, 40),
            width=1,
        )
    px, py = rng.randint(200, 500), rng.randint(60, 140)
    draw.polygon(
        [(px, py), (px + 420, py + 40), (px + 380, py + 560), (px - 40, py + 520)],
        fill=(250, 248, 240),
    )
    for k in range(14):
        y = py + 90 + k * 30
        draw.line([(px + 10 - k * 3, y), (px + 340 - k * 3, y + 30)], fill=(110, 110, 120), width=3)
    cx, cy = rng.randint(760, 1000), rng.randint(140, 300)
    draw.ellipse([cx - 90, cy - 90, cx + 90, cy + 90], fill=(240, 240, 236))
    draw.ellipse([cx - 66, cy - 66, cx + 66, cy + 66], fill=(90, 55, 30))
    draw.line([(cx - 180, cy + 260), (cx + 60, cy + 160)], fill=(30, 30, 36), width=12)
    draw.line([(cx + 60, cy + 160), (cx + 80, cy + 152)], fill=(200, 170, 60), width=12)


PAINTERS = {
    "city": paint_city,
    "coast": paint_coast,
    "port": None,  # set below: the coast with cranes and containers
    "stadium": paint_stadium,
    "market": paint_market,
    "field": paint_field,
    "solar": paint_solar,
    "conference": paint_conference,
    "books": paint_books,
    "theatre": paint_theatre,
    "classroom": paint_classroom,
    "clinic": paint_clinic,
    "network": paint_network,
    "water": paint_water,
    "desk": paint_desk,
}


def paint_port(draw, rng, size):
    width, height = size
    _sky(draw, size, (150, 196, 232), (214, 232, 244))
    quay = int(height * 0.7)
    for y in range(int(height * 0.5), height):
        draw.line([(0, y), (width, y)], fill=(40, 100, 150))
    colours = [(200, 60, 40), (40, 110, 170), (230, 180, 40), (60, 140, 80), (140, 140, 150)]
    draw.rectangle([0, quay, width, height], fill=(150, 150, 150))
    x = 20
    while x < width - 100:
        stack = rng.randint(1, 4)
        for k in range(stack):
            draw.rectangle(
                [x, quay - (k + 1) * 40, x + 110, quay - k * 40 - 2], fill=rng.choice(colours)
            )
            for ribs in range(x + 8, x + 104, 12):
                draw.line(
                    [(ribs, quay - (k + 1) * 40 + 4), (ribs, quay - k * 40 - 6)], fill=(0, 0, 0, 60)
                )
        x += 116
    for cx in (rng.randint(100, 400), rng.randint(600, width - 160)):
        draw.rectangle([cx, 90, cx + 16, quay - 160], fill=(220, 160, 40))
        draw.rectangle([cx + 120, 90, cx + 136, quay - 160], fill=(220, 160, 40))
        draw.rectangle([cx - 140, 80, cx + 260, 100], fill=(220, 160, 40))
        draw.line([(cx + 40, 100), (cx + 40, quay - 200)], fill=(40, 40, 40), width=2)
    ship_y = int(height * 0.5)
    draw.polygon(
        [
            (width - 520, ship_y - 60),
            (width - 40, ship_y - 60),
            (width - 90, ship_y + 20),
            (width - 480, ship_y + 20),
        ],
        fill=(30, 40, 60),
    )
    draw.rectangle([width - 180, ship_y - 130, width - 100, ship_y - 60], fill=(240, 240, 240))


PAINTERS["port"] = paint_port


def scene_jpeg(key, section, size=SIZE, scene=None):
    """The demo picture of a story: its scene (by slug words or section), varied by the key.
    The same key always gives the same picture."""
    scene = scene or subject_for(key, section)
    rng = _rng(f"{key}:{scene}")
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img, "RGBA")
    PAINTERS[scene](draw, rng, size)
    img = _vary(img, rng)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return _encode(img)


def _vary(img, rng):
    """Two stories with one scene should not look the same: another framing (a zoom into part
    of the scene, mirrored or not) and another light (a warmer or cooler tint)."""
    width, height = img.size
    zoom = rng.uniform(1.0, 1.3)
    w, h = int(width / zoom), int(height / zoom)
    left, top = rng.randint(0, width - w), rng.randint(0, height - h)
    img = img.crop((left, top, left + w, top + h)).resize((width, height), Image.LANCZOS)
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    tint = rng.choice([(255, 200, 140), (140, 180, 255), (255, 255, 255), (255, 170, 170)])
    return Image.blend(img, Image.new("RGB", img.size, tint), rng.uniform(0.0, 0.12))


def portrait_jpeg(key, size=(400, 400)):
    """A head-and-shoulders silhouette for an author photo, on a soft studio background."""
    rng = _rng(key)
    bg = rng.choice([(196, 206, 220), (220, 206, 190), (200, 216, 204), (214, 200, 214)])
    img = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(img)
    w, h = size
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1.05 - 0.2 * t)) for c in bg))
    skin = rng.choice([(224, 186, 150), (198, 150, 112), (170, 120, 86), (236, 200, 170)])
    shirt = rng.choice([(40, 56, 80), (90, 40, 40), (50, 70, 60), (70, 70, 76), (230, 230, 226)])
    hair = rng.choice([(30, 24, 20), (60, 40, 30), (90, 86, 84), (20, 20, 20)])
    draw.ellipse([w * 0.14, h * 0.64, w * 0.86, h * 1.3], fill=shirt)
    draw.rectangle([w * 0.43, h * 0.52, w * 0.57, h * 0.68], fill=skin)
    draw.ellipse([w * 0.31, h * 0.2, w * 0.69, h * 0.62], fill=skin)
    if rng.random() < 0.5:
        draw.chord([w * 0.29, h * 0.15, w * 0.71, h * 0.5], 180, 360, fill=hair)
    else:  # a headscarf
        draw.chord(
            [w * 0.24, h * 0.12, w * 0.76, h * 0.72],
            150,
            390,
            fill=rng.choice([(120, 60, 80), (40, 80, 120), (180, 150, 110)]),
        )
        draw.ellipse([w * 0.33, h * 0.24, w * 0.67, h * 0.6], fill=skin)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    return _encode(img)


def _encode(img):
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=78, optimize=True, progressive=True)
    return buf.getvalue()
