"""The observation text for a pupil's guardians (issue 17 item 5): the specialist comes to the school and
talks with the teacher. The same content and plain level as the childcare's version 2 (0008, 0010); the
Arabic, Turkish, Polish and Ukrainian ones are machine-made like those (consent/texts.py)."""

from django.db import migrations

TEXTS = {
    "nl": ("Observatie van je kind en advies",
           "Een specialist jeugdhulp komt op school kijken hoe het met je kind gaat. Zij praat met de leerkracht "
           "en geeft advies over wat je kind helpt. Alleen de specialist ziet de naam en gegevens van je kind. "
           "Werkt je gemeente met een jeugdverpleegkundige, dan kies je hieronder zelf of zij die ook mag zien. "
           "Je kunt je toestemming altijd intrekken via je link; dan stopt alles meteen."),
    "en": ("Observation of your child and advice",
           "A youth-care specialist visits the school to see how your child is doing. She talks with the teacher "
           "and gives advice on what helps your child. Only the specialist sees your child's name and details. "
           "Where your municipality works with a youth nurse, you choose below whether she may see them too. You "
           "can withdraw your consent at any time through your link; then everything stops at once."),
    "ar": ("ملاحظة طفلك وتقديم النصيحة",
           "تزور أخصائية رعاية الشباب المدرسة لترى كيف حال طفلك. تتحدث مع المعلّمة وتقدّم نصيحة عمّا يساعد "
           "طفلك. الأخصائية وحدها ترى اسم طفلك وبياناته. إذا كانت بلديتك تعمل مع ممرضة صحة الأطفال، فأنت "
           "تختار أدناه إن كان يمكنها رؤيتها أيضًا. يمكنك سحب موافقتك في أي وقت من خلال رابطك؛ عندها يتوقف "
           "كل شيء فورًا."),
    "tr": ("Çocuğunuzun gözlemlenmesi ve tavsiye",
           "Bir gençlik bakımı uzmanı, çocuğunuzun nasıl olduğunu görmek için okula gelir. Öğretmenle konuşur ve "
           "çocuğunuza neyin yardım ettiği konusunda tavsiye verir. Çocuğunuzun adını ve bilgilerini sadece "
           "uzman görür. Belediyeniz bir çocuk sağlığı hemşiresiyle çalışıyorsa, onun da görüp göremeyeceğini "
           "aşağıda siz seçersiniz. İzninizi bağlantınızla istediğiniz zaman geri alabilirsiniz; o zaman her "
           "şey hemen durur."),
    "pl": ("Obserwacja Twojego dziecka i porada",
           "Specjalistka ds. pomocy młodzieży przychodzi do szkoły, aby zobaczyć, jak radzi sobie Twoje dziecko. "
           "Rozmawia z nauczycielką i doradza, co pomaga Twojemu dziecku. Tylko specjalistka widzi imię i dane "
           "dziecka. Jeśli Twoja gmina współpracuje z pielęgniarką środowiskową, sama wybierasz poniżej, czy "
           "ona też może je widzieć. Zgodę możesz wycofać w każdej chwili przez swój link; wtedy wszystko "
           "natychmiast się zatrzymuje."),
    "uk": ("Спостереження за вашою дитиною та порада",
           "Фахівчиня з допомоги молоді приходить до школи, щоб побачити, як почувається ваша дитина. Вона "
           "розмовляє з учителькою і радить, що допомагає вашій дитині. Лише фахівчиня бачить ім'я та дані "
           "дитини. Якщо ваша громада працює з медсестрою з охорони здоров'я дітей, ви самі вибираєте нижче, "
           "чи може вона їх теж бачити. Ви можете будь-коли відкликати згоду через своє посилання; тоді все "
           "одразу зупиняється."),
}


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("consent", "ConsentText")
    for language, (title, body) in TEXTS.items():
        if not ConsentText.objects.filter(purpose="observation", setting="school", language=language).exists():
            ConsentText.objects.create(purpose="observation", setting="school", version=1, language=language,
                                       title=title, body=body)


class Migration(migrations.Migration):

    dependencies = [
        ("consent", "0011_consent_text_setting"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
