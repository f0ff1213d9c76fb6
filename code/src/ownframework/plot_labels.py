"""Every word that ``ownframework.plots`` writes on a figure, in each site language.

Keys are stable names; values are format strings (``{n}`` and friends are
filled in by the plot). Terms follow the site's glossaries in
``translations/<lang>/glossary.yml``; translators edit this table directly.
"""

from __future__ import annotations

LANGUAGES = ("en", "ru", "bn", "te")

LABELS: dict[str, dict[str, str]] = {
    "epoch": {"en": "Epoch", "ru": "Эпоха", "bn": "ইপক", "te": "ఎపాక్"},
    "loss": {"en": "Loss", "ru": "Функция потерь", "bn": "লস", "te": "నష్టం"},
    "accuracy": {"en": "Accuracy", "ru": "Точность", "bn": "নির্ভুলতা", "te": "కచ్చితత్వం"},
    "training": {"en": "training", "ru": "обучающая выборка", "bn": "প্রশিক্ষণ", "te": "శిక్షణ"},
    "validation": {"en": "validation", "ru": "валидационная выборка", "bn": "ভ্যালিডেশন", "te": "వ్యాలిడేషన్"},
    "loss_title": {
        "en": "Loss per epoch",
        "ru": "Потери по эпохам",
        "bn": "প্রতি ইপকে লস",
        "te": "ప్రతి ఎపాక్‌లో నష్టం",
    },
    "accuracy_title": {
        "en": "Accuracy per epoch",
        "ru": "Точность по эпохам",
        "bn": "প্রতি ইপকে নির্ভুলতা",
        "te": "ప్రతి ఎపాక్‌లో కచ్చితత్వం",
    },
    "confusion_title": {
        "en": "Confusion matrix",
        "ru": "Матрица ошибок",
        "bn": "কনফিউশন ম্যাট্রিক্স",
        "te": "కన్ఫ్యూజన్ మ్యాట్రిక్స్",
    },
    "true_class": {"en": "True digit", "ru": "Истинная цифра", "bn": "প্রকৃত অঙ্ক", "te": "నిజమైన అంకె"},
    "predicted_class": {
        "en": "Predicted digit",
        "ru": "Предсказанная цифра",
        "bn": "পূর্বাভাসিত অঙ্ক",
        "te": "అంచనా వేసిన అంకె",
    },
    "weights_title": {
        "en": "First-layer weights: one 28×28 image per hidden unit (red positive, blue negative)",
        "ru": "Веса первого слоя: по изображению 28×28 на нейрон (красный — плюс, синий — минус)",
        "bn": "প্রথম স্তরের ওজন: প্রতিটি নিউরনের জন্য একটি 28×28 ছবি (লাল ধনাত্মক, নীল ঋণাত্মক)",
        "te": "మొదటి లేయర్ బరువులు: ప్రతి న్యూరాన్‌కు ఒక 28×28 చిత్రం (ఎరుపు ధనాత్మకం, నీలం ఋణాత్మకం)",
    },
    "predictions_title": {
        "en": "Test images with the network's prediction",
        "ru": "Тестовые изображения и ответ сети",
        "bn": "টেস্ট ছবি ও নেটওয়ার্কের পূর্বাভাস",
        "te": "పరీక్ష చిత్రాలు, నెట్‌వర్క్ అంచనాతో",
    },
    "right": {"en": "right", "ru": "верно", "bn": "সঠিক", "te": "సరైనవి"},
    "wrong": {"en": "wrong", "ru": "ошибки", "bn": "ভুল", "te": "తప్పులు"},
    "prediction_caption": {
        "en": "{pred} ({prob:.0%})",
        "ru": "{pred} ({prob:.0%})",
        "bn": "{pred} ({prob:.0%})",
        "te": "{pred} ({prob:.0%})",
    },
    "wrong_caption": {
        "en": "{pred}, true {true}",
        "ru": "{pred}, верно {true}",
        "bn": "{pred}, আসলে {true}",
        "te": "{pred}, నిజం {true}",
    },
    "max_weight_title": {
        "en": "Largest absolute weight per layer",
        "ru": "Наибольший модуль веса в каждом слое",
        "bn": "প্রতিটি স্তরের বৃহত্তম পরম ওজন",
        "te": "ప్రతి లేయర్‌లో అతిపెద్ద పరమ బరువు",
    },
    "max_weight_all_title": {
        "en": "Largest absolute weight in the network",
        "ru": "Наибольший модуль веса в сети",
        "bn": "নেটওয়ার্কের বৃহত্তম পরম ওজন",
        "te": "నెట్‌వర్క్‌లో అతిపెద్ద పరమ బరువు",
    },
    "max_weight": {"en": "max |w|", "ru": "max |w|", "bn": "max |w|", "te": "max |w|"},
    "layer": {"en": "layer {n}", "ru": "слой {n}", "bn": "স্তর {n}", "te": "లేయర్ {n}"},
    "decision_title": {
        "en": "Decision boundary",
        "ru": "Граница решений",
        "bn": "সিদ্ধান্ত-সীমা",
        "te": "నిర్ణయ సరిహద్దు",
    },
    "class": {"en": "class {n}", "ru": "класс {n}", "bn": "শ্রেণি {n}", "te": "తరగతి {n}"},
    "regression_title": {
        "en": "Fitted curves",
        "ru": "Подобранные кривые",
        "bn": "ফিট করা বক্ররেখা",
        "te": "అమర్చిన వక్రరేఖలు",
    },
    "data": {"en": "data", "ru": "данные", "bn": "ডেটা", "te": "డేటా"},
    "validation_accuracy": {
        "en": "Validation accuracy",
        "ru": "Точность на валидации",
        "bn": "ভ্যালিডেশন নির্ভুলতা",
        "te": "వ్యాలిడేషన్ కచ్చితత్వం",
    },
    "validation_loss": {
        "en": "Validation loss",
        "ru": "Потери на валидации",
        "bn": "ভ্যালিডেশন লস",
        "te": "వ్యాలిడేషన్ నష్టం",
    },
    "depth_title": {
        "en": "One, two or three layers",
        "ru": "Один, два или три слоя",
        "bn": "এক, দুই বা তিন স্তর",
        "te": "ఒకటి, రెండు లేదా మూడు లేయర్లు",
    },
    "activation_title": {
        "en": "ReLU, tanh or sigmoid",
        "ru": "ReLU, tanh или сигмоида",
        "bn": "ReLU, tanh বা সিগময়েড",
        "te": "ReLU, tanh లేదా సిగ్మాయిడ్",
    },
    "n_layers": {
        "en": "{n} layers",
        "ru": "слоёв: {n}",
        "bn": "{n} স্তর",
        "te": "{n} లేయర్లు",
    },
}


def translate(key: str, language: str, **values: object) -> str:
    """The label ``key`` in ``language`` with ``values`` filled in."""
    try:
        text = LABELS[key][language]
    except KeyError:
        if key not in LABELS:
            raise KeyError(f"no plot label {key!r}") from None
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}") from None
    return text.format(**values)
