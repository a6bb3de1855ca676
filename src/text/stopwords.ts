/**
 * Stopwords for indexing. The lists are written in ordinary spelling and normalized with `normalize` at load
 * (Lucene's lesson: "the stopword list is not normalized!"), so they can never drift from the normalizer.
 * Lookups take a word already passed through `normalize`.
 */
import { normalize } from './normalize.ts';

const ARABIC = `
في من إلى الى على عن مع منذ حتى عند لدى لدي نحو خلال بين ضد عبر حول دون سوى غير بعد قبل فوق تحت أمام خلف وراء
ب ل ك و ف ثم أو أم بل لكن لكنه لكنها لكنهم لكن إن أن إنه أنه إنها أنها إنهم أنهم إنما كأن كأنه لأن لان لأنه لأنها
ما ماذا لماذا متى أين كيف كم هل لا لم لن ليس ليست لست ليسوا إلا الا إذ إذا اذا إذن لو لولا قد لقد سوف س
هو هي هم هن هما أنا انا نحن أنت انت أنتم أنتن أنتما إياه إياها إياهم
هذا هذه هذان هاتان هؤلاء ذلك ذاك تلك أولئك هناك هنا هنالك ذلكم
الذي التي الذين اللذين اللتين اللذان اللتان اللاتي اللائي اللواتي من ما
كل بعض أي أية أيضا ايضا جميع كافة عدة غير سوى مثل نفس ذات كما مما ممن عما عمن فيما بينما حيث حين عندما كلما
به بها بهم بهن بهما له لها لهم لهن لهما لنا لي لك لكم فيه فيها فيهم فيهن عليه عليها عليهم عليهن إليه إليها
إليهم منه منها منهم منهن عنه عنها عنهم عنهن معه معها معهم بينه بينها بينهم لديه لديها لديهم عنده عندها عندهم
وفي ومن وإلى وعلى وعن ومع وبين وهو وهي وهم وهذا وهذه وذلك وتلك وكان وكانت ولا ولم ولن وما وقد وإن وأن وكل
فإن فقد فلا فهو فهي فما وإذا ولكن وأيضا كذلك أيضا إضافة بالإضافة علاوة فضلا
كان كانت كانوا يكون تكون يكونوا أصبح أصبحت صار صارت ظل ظلت بات باتت مازال ما زال لازال يزال تزال
وكانت ليكون لتكون
قال قالت يقول تقول وقال وقالت أضاف أضافت وأضاف وأضافت يضيف أكد أكدت وأكد وأكدت يؤكد تؤكد
أشار أشارت وأشار وأشارت يشير تشير أوضح أوضحت وأوضح وأوضحت يوضح أعلن أعلنت وأعلن وأعلنت
تابع وتابع بحسب حسب وفق وفقا طبقا نقلا
والتي والذي والذين بأن بأنه بأنها كما لكل بما لما أما وليس لذلك لهذا ضمن أثناء سواء يذكر يا بشكل بسبب رغم
أجل جاء وجاء يعد تعد سيكون ستكون
أمس اليوم الآن حاليا جدا فقط نحو حوالي قرابة تقريبا يتم تم وتم ويتم
`;

const ENGLISH = `
a an the and or but if then else of in on at to for from by with without about as into onto over under
is are was were be been being am do does did done has have had having will would shall should can could may might must
i you he she it we they me him her us them my your his its our their mine yours this that these those
not no nor so than too very just also only own same such both each few more most other some any all
what which who whom whose when where why how here there up down out off again further once
said says say according
`;

function toSet(list: string): Set<string> {
  const set = new Set<string>();
  for (const w of list.split(/\s+/)) if (w) set.add(normalize(w));
  return set;
}

const STOPWORDS = new Set([...toSet(ARABIC), ...toSet(ENGLISH)]);

/** True for function words and news fillers, given a word already passed through `normalize`. */
export function isStopword(normalizedWord: string): boolean {
  return normalizedWord.length <= 1 || STOPWORDS.has(normalizedWord);
}

/** The normalized stopword set, for tools that need to list it. */
export function stopwords(): ReadonlySet<string> {
  return STOPWORDS;
}
